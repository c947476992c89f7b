using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConsulSharp.Ui.Tests;

public sealed class ShellTests(UiFixture f)
{
    [Fact]
    public async Task DeepLinksLoadTheApp()
    {
        await f.PutAsync("/v1/kv/deep/link/key", "v");
        await using var ui = await f.OpenAsync();

        await ui.GotoAsync("/ui/dc1/kv/deep/link/");
        await Expect(ui.Main.Locator("li[data-key='deep/link/key']")).ToBeVisibleAsync();

        await ui.GotoAsync($"/ui/dc1/nodes/{UiFixture.NodeName}");
        await Expect(ui.Main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(UiFixture.NodeName);
        await Expect(ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Nodes" }))
            .ToHaveAttributeAsync("aria-current", "page");
    }

    [Fact]
    public async Task SwitchingDatacenterChangesTheUrlAndExplainsAnUnreachableOne()
    {
        await using var ui = await f.OpenAsync();
        // One agent knows one datacenter; a WAN-federated server would also list dc2.
        await ui.Page.RouteAsync("**/v1/catalog/datacenters", r => r.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = "[\"dc1\",\"dc2\"]" }));
        await ui.GotoAsync("/ui/dc1/nodes");
        await Expect(ui.Main.Locator($"li[data-node='{UiFixture.NodeName}']")).ToBeVisibleAsync();

        await ui.Page.GetByLabel("Datacenter").SelectOptionAsync("dc2");

        await Expect(ui.Page).ToHaveURLAsync(new Regex("/ui/dc2/nodes$"));
        await Expect(ui.Main.GetByRole(AriaRole.Alert)).ToContainTextAsync("Datacenter dc2 is unreachable");
        await Expect(ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Services" }))
            .ToHaveAttributeAsync("href", "/ui/dc2/services");
    }

    [Theory]
    [InlineData(403, "Permission denied", "Permission denied (403)")]
    [InlineData(500, "No cluster leader", "No cluster leader")]
    public async Task ErrorStatesSayWhatHappened(int status, string body, string expected)
    {
        await using var ui = await f.OpenAsync();
        await ui.Page.RouteAsync("**/v1/internal/ui/services*", r => r.FulfillAsync(new() { Status = status, ContentType = "text/plain", Body = body }));
        await ui.GotoAsync("/ui/dc1/services");
        await Expect(ui.Main.GetByRole(AriaRole.Alert)).ToContainTextAsync(expected.TrimEnd('.'));
    }

    [Fact]
    public async Task UnreachableAgentIsExplained()
    {
        await using var ui = await f.OpenAsync();
        await ui.Page.RouteAsync("**/v1/health/service/**", r => r.AbortAsync("connectionrefused"));
        await ui.GotoAsync("/ui/dc1/services/anything");
        await Expect(ui.Main.GetByRole(AriaRole.Alert)).ToContainTextAsync("Agent unreachable");
    }

    [Fact]
    public async Task TokenFromSettingsIsSentAsXConsulToken()
    {
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/settings");
        await ui.Page.GetByLabel("Token (SecretID)").FillAsync("s3cr3t-token");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var request = ui.Page.WaitForRequestAsync(r => r.Url.Contains("/v1/internal/ui/services", StringComparison.Ordinal));
        await ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Services" }).ClickAsync();
        var headers = await (await request).AllHeadersAsync();
        Assert.Equal("s3cr3t-token", headers["x-consul-token"]);
    }

    [Fact]
    public async Task KeyboardAloneReachesAServicePage()
    {
        await f.RegisterServiceAsync("kbd", "kbd-1", 7401, [], "kbd-ttl");
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/services?q=kbd");
        await Expect(ui.Main.Locator("li[data-service='kbd']")).ToBeVisibleAsync();

        // Skip link first, then the header, then the page: tab until the service link has focus and press Enter.
        await ui.Page.Keyboard.PressAsync("Tab");
        await Expect(ui.Page.Locator(":focus")).ToHaveTextAsync("Skip to content");
        for (var i = 0; i < 25 && await ui.Page.EvaluateAsync<string>("() => document.activeElement?.textContent ?? ''") != "kbd"; i++)
        {
            await ui.Page.Keyboard.PressAsync("Tab");
        }

        await ui.Page.Keyboard.PressAsync("Enter");
        await Expect(ui.Page).ToHaveURLAsync(new Regex("/ui/dc1/services/kbd$"));
        await Expect(ui.Main.Locator("li[data-instance='kbd-1']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task PhoneWidthHasNoHorizontalScroll()
    {
        await f.RegisterServiceAsync("phone-a-service-with-a-rather-long-name", "phone-1", 7501, ["tag-one", "tag-two", "tag-three"], "phone-ttl");
        await f.PutAsync("/v1/kv/phone-width/example", "1"); // the KV page shows rows only when a key exists
        await using var ui = await f.OpenAsync(390, 844);
        foreach (var path in new[] { "/ui/dc1/services", "/ui/dc1/services/phone-a-service-with-a-rather-long-name", "/ui/dc1/nodes", $"/ui/dc1/nodes/{UiFixture.NodeName}", "/ui/dc1/kv/" })
        {
            await ui.GotoAsync(path);
            await Expect(ui.Main.Locator(".rows, .cards, .checks").First).ToBeVisibleAsync();
            var overflow = await ui.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow}px at 390px");
        }
    }
}
