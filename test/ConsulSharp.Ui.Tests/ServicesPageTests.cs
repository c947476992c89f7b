using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConsulSharp.Ui.Tests;

public sealed class ServicesPageTests(UiFixture f)
{
    [Fact]
    public async Task RootRedirectsToTheLocalDatacenterAndListsARegisteredService()
    {
        await f.RegisterServiceAsync("billing", "billing-1", 7001, ["v1", "payments"], "billing-1-ttl");
        await using var ui = await f.OpenAsync();

        await ui.GotoAsync("/");

        await Expect(ui.Page).ToHaveURLAsync(new Uri(f.BaseAddress, "/ui/dc1/services").ToString());
        var row = ui.Main.Locator("li[data-service='billing']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("1 instance");
        await Expect(row).ToContainTextAsync("payments");
        await Expect(row).ToHaveAttributeAsync("data-status", "passing");
        await Expect(ui.Page).ToHaveTitleAsync("Services · dc1 · Consul");
    }

    [Fact]
    public async Task SearchAndHealthFilterNarrowTheList()
    {
        await f.RegisterServiceAsync("search-alpha", "search-alpha-1", 7101, ["blue"], "search-alpha-ttl");
        await f.RegisterServiceAsync("search-beta", "search-beta-1", 7102, ["green"], "search-beta-ttl", "critical");
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/services");
        await Expect(ui.Main.Locator("li[data-service='search-beta']")).ToBeVisibleAsync();

        // By tag text.
        await ui.Page.GetByLabel("Search services by name or tag").FillAsync("green");
        await Expect(ui.Main.Locator("li[data-service='search-beta']")).ToBeVisibleAsync();
        await Expect(ui.Main.Locator("li[data-service='search-alpha']")).ToHaveCountAsync(0);
        await Expect(ui.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=green"));

        // By health: the critical filter shows only critical services.
        await ui.Page.GetByLabel("Search services by name or tag").FillAsync("search-");
        await ui.Page.GetByRole(AriaRole.Group, new() { Name = "Filter by health" }).GetByRole(AriaRole.Button, new() { Name = "Critical" }).ClickAsync();
        await Expect(ui.Main.Locator("li[data-service='search-beta']")).ToBeVisibleAsync();
        await Expect(ui.Main.Locator("li[data-service='search-alpha']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ServicePageShowsInstancesAndUpdatesLiveWhenACheckTurnsCritical()
    {
        await f.RegisterServiceAsync("orders", "orders-1", 7201, ["primary"], "orders-1-ttl");
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/services/orders");

        var card = ui.Main.Locator("li[data-instance='orders-1']");
        await Expect(card).ToHaveAttributeAsync("data-status", "passing");
        await Expect(card).ToContainTextAsync(UiFixture.NodeName);
        await Expect(card).ToContainTextAsync("127.0.0.1:7201");
        await Expect(card).ToContainTextAsync("TTL check for orders");
        await ui.Page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await f.PutAsync("/v1/agent/check/fail/orders-1-ttl?note=upstream%20timed%20out");

        // The blocking query returns on the change and the page re-renders by itself: no reload, no click.
        await Expect(card).ToHaveAttributeAsync("data-status", "critical");
        await Expect(card.Locator("li[data-check='orders-1-ttl'] .check-output")).ToHaveTextAsync("upstream timed out");
        Assert.True(await ui.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
    }

    [Fact]
    public async Task UnknownServiceSaysSo()
    {
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/services/does-not-exist");
        await Expect(ui.Main).ToContainTextAsync("has no instances in dc1");
    }
}
