using System.Text.Json;

namespace ConsulSharp.Ui.Tests;

/// <summary>
/// The editor's syntax checks, run in the browser on the module the UI ships (assets/syntax.js). One page per
/// language keeps the run short; each case names itself in the failure message.
/// </summary>
public sealed class SyntaxCheckTests(UiFixture f)
{
    private async Task AssertCasesAsync(string kind, (string Text, bool Ok, int Line)[] cases)
    {
        await using var ui = await f.OpenAsync();
        await ui.GotoAsync("/ui/settings");
        var results = await ui.Page.EvaluateAsync<JsonElement>(
            "async ([kind, texts]) => { const m = await import('/ui/assets/syntax.js'); return texts.map(t => m.check(kind, t)); }",
            new object[] { kind, cases.Select(c => c.Text).ToArray() });
        for (var i = 0; i < cases.Length; i++)
        {
            var r = results[i];
            var line = r.TryGetProperty("line", out var l) ? l.GetInt32() : 0;
            var message = r.TryGetProperty("message", out var m) ? m.GetString() : "";
            Assert.True(r.GetProperty("ok").GetBoolean() == cases[i].Ok && line == cases[i].Line,
                $"{kind} case {JsonSerializer.Serialize(cases[i].Text)}: expected ok={cases[i].Ok} line={cases[i].Line}, got {r} ({message})");
        }
    }

    [Fact]
    public Task Yaml() => AssertCasesAsync("yaml",
    [
        ("a: 1\nb:\n  c: [1, 2]\nlist:\n  - x\n  - y: 1\n    z: 2\n", true, 0),
        ("text: |\n  line one\n    indented\nnext: 1\n", true, 0),
        ("key:\n- a\n- b\n", true, 0),
        ("# comment\nurl: http://x:80/a#b\n", true, 0),
        ("a: 1\n  b: 2\n", false, 2),
        ("a: 1\na: 2\n", false, 2),
        ("a:\n\tb: 1\n", false, 2),
        ("a: \"unclosed\n", false, 1),
        ("a: [1, 2\n", false, 1),
        ("a: 1\nnot a pair\n", false, 2),
    ]);

    [Fact]
    public Task Hcl() => AssertCasesAsync("hcl",
    [
        ("a = 1\nservice \"web\" {\n  port = 80\n  tags = [\"a\",\n    \"b\"]\n}\n", true, 0),
        ("x = <<EOF\nhello\nEOF\n/* c */ y = 2 # z\n", true, 0),
        ("a = { b = 1, c = [2] }\n", true, 0),
        ("block {\n  a = 1\n", false, 1),
        ("a = \"x\n", false, 1),
        ("a = [1, 2)\n", false, 1),
        ("a = 1\njust words\n", false, 2),
        ("a = 1 }\n", false, 1),
    ]);

    [Fact]
    public Task Json() => AssertCasesAsync("json",
    [
        ("{\"a\": [true, null, -1.5e3]}", true, 0),
        ("{\n  \"a\": 1,\n}", false, 3),
        ("{'a': 1}", false, 1),
        ("[1,\n 2", false, 2),
        ("", false, 1),
    ]);
}
