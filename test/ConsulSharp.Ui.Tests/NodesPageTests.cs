using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConsulSharp.Ui.Tests;

public sealed class NodesPageTests(UiFixture f)
{
    [Fact]
    public async Task NodesListShowsTheNodeWithAddressAndLeaderBadge()
    {
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/nodes");
        var row = ui.Main.Locator($"li[data-node='{UiFixture.NodeName}']");
        await Expect(row).ToContainTextAsync("127.0.0.1");
        await Expect(row.Locator(".badge-leader")).ToHaveTextAsync("Leader");
    }

    [Fact]
    public async Task NodePageShowsChecksServicesAndInvalidatesALockSession()
    {
        await f.RegisterServiceAsync("node-page-svc", "node-page-svc-1", 7301, ["x"], "node-page-svc-ttl");
        using var res = await f.Http.PutAsync(new Uri("/v1/session/create", UriKind.Relative),
            new StringContent($"{{\"Name\":\"deploy-lock\",\"Node\":\"{UiFixture.NodeName}\"}}"), TestContext.Current.CancellationToken);
        var id = JsonDocument.Parse(await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("ID").GetString()!;

        await using var ui = await f.OpenAsync();
        await ui.GotoAsync($"/ui/dc1/nodes/{UiFixture.NodeName}");
        await Expect(ui.Main.Locator("#checks")).ToContainTextAsync("Serf Health Status");
        await Expect(ui.Main.Locator("#services")).ToContainTextAsync("node-page-svc");
        var session = ui.Main.Locator($"li[data-session='{id}']");
        await Expect(session).ToContainTextAsync("deploy-lock");

        await session.GetByRole(AriaRole.Button, new() { Name = "Invalidate session deploy-lock" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Invalidate" }).ClickAsync();

        // The session list is a blocking query too: the destroyed session disappears without a reload.
        await Expect(session).ToHaveCountAsync(0);
        Assert.Equal("[]", (await f.GetStringOrNullAsync($"/v1/session/info/{id}"))!.Trim());
    }

    [Fact]
    public async Task UnknownNodeSaysSo()
    {
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/nodes/no-such-node");
        await Expect(ui.Main).ToContainTextAsync("is not registered in dc1");
    }
}
