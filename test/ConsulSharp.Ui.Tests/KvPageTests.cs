using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConsulSharp.Ui.Tests;

public sealed class KvPageTests(UiFixture f)
{
    private async Task<string?> ServerValueAsync(string key)
    {
        var json = await f.GetStringOrNullAsync($"/v1/kv/{key}?raw");
        return json;
    }

    [Fact]
    public async Task CreateEditAndDeleteAKey()
    {
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/kv/");
        await ui.Main.GetByRole(AriaRole.Link, new() { Name = "Create" }).First.ClickAsync();

        await ui.Page.GetByLabel("Key or folder name").FillAsync("crud/app/config");
        await ui.Page.GetByLabel("Syntax").SelectOptionAsync("json");
        await ui.Page.GetByLabel("Value", new() { Exact = true }).FillAsync("{\"replicas\": 2}");
        await ui.Page.GetByLabel("Flags").FillAsync("42");
        await ui.Main.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Expect(ui.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ui/dc1/kv/crud/app/config/edit$"));
        Assert.Equal("{\"replicas\": 2}", await ServerValueAsync("crud/app/config"));
        var entry = JsonDocument.Parse((await f.GetStringOrNullAsync("/v1/kv/crud/app/config"))!).RootElement[0];
        Assert.Equal(42ul, entry.GetProperty("Flags").GetUInt64());

        // Edit: the editor saves with ?cas and shows the new index.
        await Expect(ui.Page.GetByLabel("Value", new() { Exact = true })).ToHaveValueAsync("{\"replicas\": 2}");
        await ui.Page.GetByLabel("Value", new() { Exact = true }).FillAsync("{\"replicas\": 3}");
        await ui.Main.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(ui.Page.Locator(".toast").Filter(new() { HasText = "Saved" })).ToBeVisibleAsync();
        Assert.Equal("{\"replicas\": 3}", await ServerValueAsync("crud/app/config"));

        // Delete, with confirmation.
        await ui.Main.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        var dialog = ui.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("crud/app/config");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(ui.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ui/dc1/kv/crud/app/$"));
        Assert.Null(await ServerValueAsync("crud/app/config"));
    }

    [Fact]
    public async Task FolderBrowsingCreateFolderAndRecursiveDelete()
    {
        await f.PutAsync("/v1/kv/tree/a/one", "1");
        await f.PutAsync("/v1/kv/tree/a/two", "2");
        await f.PutAsync("/v1/kv/tree/top", "t");
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/kv/tree/");

        await Expect(ui.Main.Locator("li[data-key='tree/a/']")).ToBeVisibleAsync();
        await Expect(ui.Main.Locator("li[data-key='tree/top']")).ToBeVisibleAsync();
        await ui.Main.GetByRole(AriaRole.Link, new() { Name = "a/", Exact = true }).ClickAsync();
        await Expect(ui.Main.Locator("li[data-key='tree/a/one']")).ToBeVisibleAsync();

        // A new folder is a key ending in "/".
        await ui.Main.GetByRole(AriaRole.Link, new() { Name = "Create" }).First.ClickAsync();
        await ui.Page.GetByLabel("Key or folder name").FillAsync("sub/");
        await ui.Main.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(ui.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ui/dc1/kv/tree/a/sub/$"));
        Assert.NotNull(await f.GetStringOrNullAsync("/v1/kv/tree/a/sub/"));

        // Deleting a folder deletes everything under it, after saying how much.
        await ui.GotoAsync("/ui/dc1/kv/tree/");
        await ui.Main.GetByRole(AriaRole.Button, new() { Name = "Delete folder tree/a/" }).ClickAsync();
        var dialog = ui.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("3 keys");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(ui.Main.Locator("li[data-key='tree/a/']")).ToHaveCountAsync(0);
        Assert.Null(await f.GetStringOrNullAsync("/v1/kv/tree/a/one"));
        Assert.NotNull(await f.GetStringOrNullAsync("/v1/kv/tree/top"));
    }

    [Fact]
    public async Task SaveAfterAConcurrentChangeShowsTheConflictAndBothVersions()
    {
        await f.PutAsync("/v1/kv/cas/target", "original");
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/kv/cas/target/edit");
        var value = ui.Page.GetByLabel("Value", new() { Exact = true });
        await Expect(value).ToHaveValueAsync("original");
        await value.FillAsync("mine");

        await f.PutAsync("/v1/kv/cas/target", "theirs");
        await ui.Main.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var conflict = ui.Main.Locator(".conflict");
        await Expect(conflict).ToContainTextAsync("changed since you opened it");
        await Expect(conflict.Locator(".conflict-pane.mine pre")).ToHaveTextAsync("mine\n");
        await Expect(conflict.Locator(".conflict-pane.theirs pre")).ToHaveTextAsync("theirs\n");
        Assert.Equal("theirs", await ServerValueAsync("cas/target"));

        // The operator chooses: overwrite writes theirs' index as the CAS, so it succeeds now.
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Overwrite with my version" }).ClickAsync();
        await Expect(conflict).ToHaveCountAsync(0);
        Assert.Equal("mine", await ServerValueAsync("cas/target"));
    }

    [Fact]
    public async Task CreatingAKeyThatExistsDoesNotOverwriteIt()
    {
        await f.PutAsync("/v1/kv/exists/k", "keep me");
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/kv/exists/create");
        await ui.Page.GetByLabel("Key or folder name").FillAsync("k");
        await ui.Page.GetByLabel("Value", new() { Exact = true }).FillAsync("replacement");
        await ui.Main.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(ui.Main.Locator(".conflict")).ToContainTextAsync("already exists");
        Assert.Equal("keep me", await ServerValueAsync("exists/k"));
    }

    [Fact]
    public async Task InvalidJsonIsReportedWithItsPositionAndNotSaved()
    {
        await f.PutAsync("/v1/kv/syntax/doc", "{\"a\": 1}");
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/kv/syntax/doc/edit");
        await Expect(ui.Page.GetByLabel("Syntax")).ToHaveValueAsync("json");
        await Expect(ui.Page.Locator("#kv-syntax-status")).ToContainTextAsync("Valid JSON");

        await ui.Page.GetByLabel("Value", new() { Exact = true }).FillAsync("{\"a\": 1,\n  \"b\": }");
        await Expect(ui.Page.Locator("#kv-syntax-status")).ToContainTextAsync("Line 2, column 8");
        await ui.Main.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(ui.Page.Locator(".toast")).ToContainTextAsync("not valid JSON");
        Assert.Equal("{\"a\": 1}", await ServerValueAsync("syntax/doc"));
    }

    [Fact]
    public async Task SearchFindsKeysByNameAcrossFolders()
    {
        await f.PutAsync("/v1/kv/find/x/database-url", "1");
        await f.PutAsync("/v1/kv/find/y/z/database-password", "2");
        await f.PutAsync("/v1/kv/find/y/other", "3");
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/dc1/kv/find/");
        await ui.Page.GetByLabel("Search key names under find/").FillAsync("database");
        await Expect(ui.Main.Locator("li[data-key='find/x/database-url']")).ToBeVisibleAsync();
        await Expect(ui.Main.Locator("li[data-key='find/y/z/database-password']")).ToBeVisibleAsync();
        await Expect(ui.Main.Locator("li[data-key='find/y/other']")).ToHaveCountAsync(0);
        await Expect(ui.Main).ToContainTextAsync("2 matches");
    }
}
