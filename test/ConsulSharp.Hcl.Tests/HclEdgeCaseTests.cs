using ConsulSharp.Hcl;

namespace ConsulSharp.Hcl.Tests;

public sealed class HclEdgeCaseTests
{
    private static string Json(string hcl) => HclParser.Parse(hcl).ToJson();

    [Fact]
    public void RepeatedBlocksNestedInsideABlockAppend() =>
        Assert.Equal("""{"a":[{"b":[{"x":1},{"x":2}]}]}""", Json("a {\n  b { x = 1 }\n  b { x = 2 }\n}"));

    [Fact]
    public void ScalarAfterBlockReplacesIt() => Assert.Equal("""{"a":1}""", Json("a { x = 1 }\na = 1"));

    [Fact]
    public void HeredocInsideList()
    {
        var o = HclParser.Parse("l = [<<EOF\nhello\nEOF\n, \"x\"]");
        var l = Assert.IsType<HclList>(o["l"]);
        Assert.Equal("hello\n", Assert.IsType<HclString>(l.Items[0]).Value);
        Assert.Equal("x", Assert.IsType<HclString>(l.Items[1]).Value);
    }

    [Fact]
    public void CommentAtEndOfFileWithoutNewline() => Assert.Equal("""{"a":1}""", Json("a = 1 # done"));

    [Fact]
    public void NumberFollowedByLetterIsAnError() =>
        Assert.Equal("At 1:7: illegal char in number", Assert.Throws<HclParseException>(() => HclParser.Parse("a = 10s")).Message);

    [Fact]
    public void BareIdentifierValueIsUnknownToken() =>
        Assert.Equal("At 2:5: Unknown token: 2:5 IDENT foo", Assert.Throws<HclParseException>(() => HclParser.Parse("x = 1\ny = foo")).Message);

    [Fact]
    public void MissingValueAtEndOfFile() =>
        Assert.Equal("At 1:13: Unknown token: 1:13 EOF", Assert.Throws<HclParseException>(() => HclParser.Parse("node_name = ")).Message);

    [Fact]
    public void UnclosedList() =>
        Assert.Contains("list expected closing RBRACK got: EOF", Assert.Throws<HclParseException>(() => HclParser.Parse("a = [1, 2")).Message, StringComparison.Ordinal);

    [Fact]
    public void LeadingCommaInListIsAnError() =>
        Assert.Contains("expected value got: COMMA", Assert.Throws<HclParseException>(() => HclParser.Parse("a = [, 1]")).Message, StringComparison.Ordinal);

    [Fact]
    public void LabelledItemWithAssignmentIsAnError() =>
        Assert.Contains("nested object expected: LBRACE got: ASSIGN", Assert.Throws<HclParseException>(() => HclParser.Parse("foo \"bar\" = 1")).Message, StringComparison.Ordinal);

    [Fact]
    public void HeredocAnchorMustEndTheLine() =>
        Assert.Contains("invalid characters in heredoc anchor", Assert.Throws<HclParseException>(() => HclParser.Parse("a = <<EOF x\nEOF\n")).Message, StringComparison.Ordinal);

    [Fact]
    public void HeredocKeepsQuotesAndBackslashesLiterally()
    {
        var o = HclParser.Parse("a = <<EOF\n\"quoted\" \\n ${x}\nEOF\n");
        Assert.Equal("\"quoted\" \\n ${x}\n", Assert.IsType<HclString>(o["a"]).Value);
    }

    [Fact]
    public void EmptyHeredoc() => Assert.Equal("", Assert.IsType<HclString>(HclParser.Parse("a = <<EOF\nEOF\n")["a"]).Value);

    [Fact]
    public void ByteOrderMarkIsIgnored() => Assert.Equal("""{"a":1}""", Json("\uFEFFa = 1"));

    [Fact]
    public void CrLfLineEndingsKeepLineNumbers()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("a = 1\r\nb = 2\r\nc = @"));
        Assert.Equal(3, ex.Line);
        Assert.Equal(5, ex.Column);
    }

    [Fact]
    public void ObjectItemsMaySitOnOneLine() =>
        Assert.Equal("""{"ports":[{"http":1,"dns":2}],"x":true}""", Json("ports { http = 1 dns = 2 } x = true"));

    [Fact]
    public void UnicodeIdentifiers() => Assert.Equal("""{"größe":1}""", Json("größe = 1"));

    [Fact]
    public void ConsulClientConfigWithServicesAndChecks()
    {
        const string src = """
            services {
              id = "web1"
              name = "web"
              tags = ["rails"]
              port = 80
              check {
                http = "http://localhost:80/health"
                interval = "10s"
              }
            }
            services {
              name = "redis"
              checks = [
                { tcp = "localhost:6379", interval = "5s" },
                { args = ["/bin/check_redis", "-p", "6379"], interval = "30s" }
              ]
            }
            """;
        Assert.Equal(
            """{"services":[{"id":"web1","name":"web","tags":["rails"],"port":80,"check":[{"http":"http://localhost:80/health","interval":"10s"}]},{"name":"redis","checks":[{"tcp":"localhost:6379","interval":"5s"},{"args":["/bin/check_redis","-p","6379"],"interval":"30s"}]}]}""",
            Json(src));
    }

    [Fact]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        var deepList = "a = " + new string('[', 100_000) + new string(']', 100_000);
        Assert.Contains("nesting deeper than 256 levels", Assert.Throws<HclParseException>(() => HclParser.Parse(deepList)).Message, StringComparison.Ordinal);
        var deepBlocks = string.Concat(Enumerable.Repeat("a { ", 10_000)) + new string('}', 10_000);
        Assert.Contains("nesting deeper than 256 levels", Assert.Throws<HclParseException>(() => HclParser.Parse(deepBlocks)).Message, StringComparison.Ordinal);
        var manyLabels = "a " + string.Concat(Enumerable.Repeat("\"l\" ", 100_000)) + "{}";
        Assert.Contains("nesting deeper than 256 levels", Assert.Throws<HclParseException>(() => HclParser.Parse(manyLabels)).Message, StringComparison.Ordinal);
        var deepJson = new string('[', 100_000) + new string(']', 100_000);
        Assert.Contains("nesting deeper than 256 levels", Assert.Throws<HclParseException>(() => HclJson.Parse(deepJson)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingUpToTheLimitParses()
    {
        var ok = "a = " + new string('[', 200) + new string(']', 200);
        Assert.IsType<HclList>(HclParser.Parse(ok)["a"]);
        Assert.IsType<HclList>(HclJson.Parse(new string('[', 256) + new string(']', 256)));
    }
}
