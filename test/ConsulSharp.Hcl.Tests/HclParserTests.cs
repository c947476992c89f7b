using ConsulSharp.Hcl;

namespace ConsulSharp.Hcl.Tests;

public sealed class HclParserTests
{
    private static string Json(string hcl) => HclParser.Parse(hcl).ToJson();

    [Theory]
    [InlineData("ports { dns = 8600 }", """{"ports":[{"dns":8600}]}""")]
    [InlineData("ports = { dns = 8600 }", """{"ports":[{"dns":8600}]}""")]
    [InlineData("service { name = \"a\" }\nservice { name = \"b\" }", """{"service":[{"name":"a"},{"name":"b"}]}""")]
    [InlineData("services = [{ name = \"a\" }, { name = \"b\" }]", """{"services":[{"name":"a"},{"name":"b"}]}""")]
    [InlineData("obj { a = 1 }\nobj = { c = 3 }", """{"obj":[{"a":1},{"c":3}]}""")]
    [InlineData("foo \"bar\" { a = 1 }\nfoo \"baz\" { a = 2 }", """{"foo":[{"bar":[{"a":1}]},{"baz":[{"a":2}]}]}""")]
    [InlineData("a = \"x\"\na = \"y\"", """{"a":"y"}""")]
    [InlineData("empty {}", """{"empty":[{}]}""")]
    [InlineData("dns_config { service_ttl { \"*\" = \"5s\" } }", """{"dns_config":[{"service_ttl":[{"*":"5s"}]}]}""")]
    [InlineData("a \"b\" \"c\" { x = true }", """{"a":[{"b":[{"c":[{"x":true}]}]}]}""")]
    [InlineData("l = [{ a { b = 1 } }]", """{"l":[{"a":[{"b":1}]}]}""")]
    public void DecodesLikeHcl1(string hcl, string json) => Assert.Equal(json, Json(hcl));

    [Fact]
    public void SeparatorsBetweenItemsAreOptional()
    {
        Assert.Equal("""{"x":1,"y":2}""", Json("x = 1 y = 2"));
        Assert.Equal("""{"x":1,"y":2}""", Json("x = 1, y = 2"));
        Assert.Equal("""{"x":1,"y":2}""", Json("x = 1\n\n\ny = 2\n"));
    }

    [Fact]
    public void ColonIsAcceptedAsAssignment() => Assert.Equal("""{"x":1,"o":[{"a":"b"}]}""", Json("x: 1\no: { a: \"b\" }"));

    [Theory]
    [InlineData("a = 42", 42L)]
    [InlineData("a = -7", -7L)]
    [InlineData("a = 0x1F", 31L)]
    [InlineData("a = -0x10", -16L)]
    [InlineData("a = 010", 8L)]
    [InlineData("a = 0", 0L)]
    [InlineData("a = 9223372036854775807", long.MaxValue)]
    [InlineData("a = -9223372036854775808", long.MinValue)]
    public void ParsesIntegers(string hcl, long expected)
    {
        var v = Assert.IsType<HclInt>(HclParser.Parse(hcl)["a"]);
        Assert.Equal(expected, v.Value);
    }

    [Theory]
    [InlineData("a = 1.5", 1.5)]
    [InlineData("a = .5", 0.5)]
    [InlineData("a = 1e3", 1000.0)]
    [InlineData("a = 1.5e-2", 0.015)]
    [InlineData("a = -2.25", -2.25)]
    public void ParsesFloats(string hcl, double expected)
    {
        var v = Assert.IsType<HclFloat>(HclParser.Parse(hcl)["a"]);
        Assert.Equal(expected, v.Value, 10);
    }

    [Fact]
    public void IntegerOutsideInt64IsAnError()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("a = 9223372036854775808"));
        Assert.Equal("At 1:5: strconv.ParseInt: parsing \"9223372036854775808\": value out of range", ex.Message);
    }

    [Fact]
    public void BadOctalIsAnError() => Assert.Contains("invalid syntax", Assert.Throws<HclParseException>(() => HclParser.Parse("a = 09")).Message);

    [Fact]
    public void ParsesBooleans()
    {
        var o = HclParser.Parse("t = true\nf = false");
        Assert.True(Assert.IsType<HclBool>(o["t"]).Value);
        Assert.False(Assert.IsType<HclBool>(o["f"]).Value);
    }

    [Fact]
    public void CapitalisedBoolIsUnknownToken()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("a = True"));
        Assert.Equal("At 1:5: Unknown token: 1:5 IDENT True", ex.Message);
    }

    [Theory]
    [InlineData("""a = "x\ny" """, "x\ny")]
    [InlineData("""a = "tab\there" """, "tab\there")]
    [InlineData("""a = "q\"uote" """, "q\"uote")]
    [InlineData("""a = "back\\slash" """, "back\\slash")]
    [InlineData("""a = "\a\b\f\v\r" """, "\a\b\f\v\r")]
    [InlineData("""a = "\101\x42\u0043\U00000044" """, "ABCD")]
    [InlineData("""a = "snow\u2603man" """, "snow\u2603man")]
    [InlineData("""a = "${var.x}" """, "${var.x}")]
    [InlineData("""a = "${lookup("k", "}")}x" """, "${lookup(\"k\", \"}\")}x")]
    [InlineData("""a = "" """, "")]
    [InlineData("""a = "ünïcödé" """, "ünïcödé")]
    public void ParsesStringsWithEscapes(string hcl, string expected) =>
        Assert.Equal(expected, Assert.IsType<HclString>(HclParser.Parse(hcl)["a"]).Value);

    [Fact]
    public void UnknownEscapeIsAnError() => Assert.Contains("unknown escape sequence", Assert.Throws<HclParseException>(() => HclParser.Parse("a = \"\\q\"")).Message);

    [Fact]
    public void SingleQuotesAreIllegal()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("a = 'x'"));
        Assert.Equal("At 1:5: illegal char", ex.Message);
    }

    [Fact]
    public void NewlineInsideStringIsNotTerminated()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("x = 1\na = \"abc\ndef\""));
        Assert.Equal("At 2:5: literal not terminated", ex.Message);
        Assert.Equal(2, ex.Line);
        Assert.Equal(5, ex.Column);
    }

    [Fact]
    public void ParsesHeredoc()
    {
        var o = HclParser.Parse("a = <<EOF\nline one\n  line two\nEOF\nb = 1\n");
        Assert.Equal("line one\n  line two\n", Assert.IsType<HclString>(o["a"]).Value);
        Assert.Equal(1, Assert.IsType<HclInt>(o["b"]).Value);
    }

    [Fact]
    public void HeredocCloserMayBeIndented()
    {
        var o = HclParser.Parse("a = <<EOF\nx\n   EOF\n");
        Assert.Equal("x\n", Assert.IsType<HclString>(o["a"]).Value);
    }

    [Fact]
    public void IndentedHeredocStripsCommonIndent()
    {
        var o = HclParser.Parse("a = <<-EOT\n    one\n      two\n    EOT\n");
        Assert.Equal("one\n  two\n", Assert.IsType<HclString>(o["a"]).Value);
    }

    [Fact]
    public void IndentedHeredocKeepsTextWhenALineLacksTheIndent()
    {
        var o = HclParser.Parse("a = <<-EOT\n    one\n  two\n    EOT\n");
        Assert.Equal("    one\n  two\n", Assert.IsType<HclString>(o["a"]).Value);
    }

    [Fact]
    public void HeredocWithCrLfLineEndings()
    {
        var o = HclParser.Parse("a = <<EOF\r\nx\r\nEOF\r\nb = 2\r\n");
        Assert.Equal(2, Assert.IsType<HclInt>(o["b"]).Value);
        Assert.StartsWith("x", Assert.IsType<HclString>(o["a"]).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void UnterminatedHeredoc()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("\na = <<EOF\nabc\n"));
        Assert.Equal("At 2:5: heredoc not terminated", ex.Message);
    }

    [Fact]
    public void CommentsAreSkipped()
    {
        const string src = """
            # hash comment
            // slash comment
            a = 1 # trailing
            /* block
               comment */ b = /* inline */ 2
            c = "# not a comment"
            """;
        Assert.Equal("""{"a":1,"b":2,"c":"# not a comment"}""", Json(src));
    }

    [Fact]
    public void UnterminatedBlockComment() =>
        Assert.Equal("At 2:1: comment not terminated", Assert.Throws<HclParseException>(() => HclParser.Parse("a = 1\n/* open")).Message);

    [Fact]
    public void ListsAllowTrailingCommaNewlinesNestingAndMixedTypes()
    {
        const string src = """
            l = [
              "a",
              1,
              true,
              ["x", "y"],
              { k = "v" },
            ]
            e = []
            """;
        Assert.Equal("""{"l":["a",1,true,["x","y"],{"k":"v"}],"e":[]}""", Json(src));
    }

    [Fact]
    public void ListWithoutCommaIsAnError()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("l = [1 2]"));
        Assert.Equal("At 1:8: error parsing list, expected comma or list end, got: NUMBER", ex.Message);
    }

    [Fact]
    public void IdentifiersMayContainDashesAndDots()
    {
        Assert.Equal("""{"key-with-dash":1,"a.b":2,"_x":3}""", Json("key-with-dash = 1\na.b = 2\n_x = 3"));
    }

    [Fact]
    public void QuotedKeys() => Assert.Equal("""{"quoted key":1,"*":"x"}""", Json("\"quoted key\" = 1\n\"*\" = \"x\""));

    [Fact]
    public void KeyWithoutAssignmentOrBlock()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("a = 1\nfoo 1"));
        Assert.Equal("At 2:5: key 'foo' expected start of object ('{') or assignment ('=')", ex.Message);
    }

    [Fact]
    public void UnclosedObject()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("ports {\n http = 1\n"));
        Assert.Contains("object expected closing RBRACE got: EOF", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StrayClosingBrace() =>
        Assert.Equal("At 1:7: expected: IDENT | STRING got: RBRACE", Assert.Throws<HclParseException>(() => HclParser.Parse("a = 1 }")).Message);

    [Fact]
    public void IllegalCharacterReportsLineAndColumn()
    {
        var ex = Assert.Throws<HclParseException>(() => HclParser.Parse("a = 1\nb = 2\nc = 3 @"));
        Assert.Equal("At 3:7: illegal char", ex.Message);
    }

    [Fact]
    public void EmptyDocumentIsEmptyObject()
    {
        Assert.Empty(HclParser.Parse("").Properties);
        Assert.Empty(HclParser.Parse("  # only a comment\n").Properties);
    }

    [Fact]
    public void PositionsAreRecorded()
    {
        var o = HclParser.Parse("a = 1\n  ports {\n    http = 8500\n  }");
        var ports = Assert.IsType<HclList>(o["ports"]);
        var inner = Assert.IsType<HclObject>(ports.Items[0]);
        var http = inner["http"]!;
        Assert.Equal(3, http.Line);
        Assert.Equal(12, http.Column);
        var prop = o.Properties[1];
        Assert.Equal(("ports", 2, 3), (prop.Key, prop.Line, prop.Column));
    }

    [Fact]
    public void JsonTextIsParsedAsJson()
    {
        var o = HclParser.Parse("  {\"ports\": {\"http\": 8500}}");
        Assert.Equal("""{"ports":{"http":8500}}""", o.ToJson());
    }

    [Fact]
    public void RealisticConsulServerConfig()
    {
        const string src = """
            datacenter = "east-aws"
            data_dir = "/opt/consul"
            log_level = "INFO"
            node_name = "foobar"
            server = true
            bootstrap_expect = 3
            retry_join = ["10.0.0.1", "10.0.0.2"]
            addresses {
              http = "0.0.0.0"
            }
            ports {
              grpc = 8502
            }
            watches = [
              {
                type = "checks"
                handler = "/usr/bin/health-check-handler.sh"
              }
            ]
            telemetry {
              statsite_address = "127.0.0.1:2180"
            }
            """;
        Assert.Equal(
            """{"datacenter":"east-aws","data_dir":"/opt/consul","log_level":"INFO","node_name":"foobar","server":true,"bootstrap_expect":3,"retry_join":["10.0.0.1","10.0.0.2"],"addresses":[{"http":"0.0.0.0"}],"ports":[{"grpc":8502}],"watches":[{"type":"checks","handler":"/usr/bin/health-check-handler.sh"}],"telemetry":[{"statsite_address":"127.0.0.1:2180"}]}""",
            Json(src));
    }

    [Fact]
    public void AclRulesShape()
    {
        const string src = """
            key_prefix "" {
              policy = "read"
            }
            key_prefix "foo/" {
              policy = "write"
            }
            service "web" { policy = "write" }
            operator = "read"
            """;
        Assert.Equal(
            """{"key_prefix":[{"":[{"policy":"read"}]},{"foo/":[{"policy":"write"}]}],"service":[{"web":[{"policy":"write"}]}],"operator":"read"}""",
            Json(src));
    }

    [Fact]
    public void PlainValueConversion()
    {
        var v = (Dictionary<string, object?>)HclParser.Parse("a = 1\nb { c = [\"x\"] }").ToPlainValue()!;
        Assert.Equal(1L, v["a"]);
        var b = Assert.IsType<List<object?>>(v["b"]);
        var inner = Assert.IsType<Dictionary<string, object?>>(b[0]);
        Assert.Equal(["x"], Assert.IsType<List<object?>>(inner["c"]));
    }
}
