using static Microsoft.Playwright.Assertions;

namespace ConsulSharp.Ui.Tests;

/// <summary>The editor's syntax checks, run in the browser on the module the UI ships (assets/syntax.js).</summary>
public sealed class SyntaxCheckTests(UiFixture f)
{
    private async Task<(bool Ok, int Line, string Message)> CheckAsync(UiPage ui, string kind, string text)
    {
        var r = await ui.Page.EvaluateAsync<System.Text.Json.JsonElement>(
            "async ([kind, text]) => (await import('/ui/assets/syntax.js')).check(kind, text)", new object[] { kind, text });
        return (r.GetProperty("ok").GetBoolean(), r.TryGetProperty("line", out var l) ? l.GetInt32() : 0, r.TryGetProperty("message", out var m) ? m.GetString()! : "");
    }

    [Theory]
    [InlineData("a: 1\nb:\n  c: [1, 2]\nlist:\n  - x\n  - y: 1\n    z: 2\n", true, 0)]
    [InlineData("text: |\n  line one\n    indented\nnext: 1\n", true, 0)]
    [InlineData("a: 1\n  b: 2\n", false, 2)]
    [InlineData("a: 1\na: 2\n", false, 2)]
    [InlineData("a:\n\tb: 1\n", false, 2)]
    [InlineData("a: \"unclosed\n", false, 1)]
    [InlineData("a: [1, 2\n", false, 1)]
    [InlineData("a: 1\nnot a pair\n", false, 2)]
    public async Task Yaml(string text, bool ok, int line)
    {
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/settings");
        var r = await CheckAsync(ui, "yaml", text);
        Assert.Equal(ok, r.Ok);
        Assert.Equal(line, r.Line);
    }

    [Theory]
    [InlineData("a = 1\nservice \"web\" {\n  port = 80\n  tags = [\"a\",\n    \"b\"]\n}\n", true, 0)]
    [InlineData("x = <<EOF\nhello\nEOF\n/* c */ y = 2 # z\n", true, 0)]
    [InlineData("block {\n  a = 1\n", false, 1)]
    [InlineData("a = \"x\n", false, 1)]
    [InlineData("a = [1, 2)\n", false, 1)]
    [InlineData("a = 1\njust words\n", false, 2)]
    public async Task Hcl(string text, bool ok, int line)
    {
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/settings");
        var r = await CheckAsync(ui, "hcl", text);
        Assert.Equal(ok, r.Ok);
        Assert.Equal(line, r.Line);
    }

    [Fact]
    public async Task JsonErrorsCarryTheirPosition()
    {
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/settings");
        Assert.True((await CheckAsync(ui, "json", "{\"a\": [true, null, -1.5e3]}")).Ok);
        var r = await CheckAsync(ui, "json", "{\n  \"a\": 1,\n}");
        Assert.False(r.Ok);
        Assert.Equal(3, r.Line);
        Assert.Contains("Trailing comma", r.Message, StringComparison.Ordinal);
        await Expect(ui.Main).ToContainTextAsync("Settings");
    }
}
