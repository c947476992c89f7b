using ConsulSharp.Core.Filter;

namespace ConsulSharp.Core.Tests.Filter;

public sealed class BexprParserTests
{
    private static string Parse(string expression) => BexprParser.Parse(expression).ToString();

    [Theory]
    [InlineData("foo == 3", "foo Equal \"3\"")]
    [InlineData("foo != xyz", "foo Not Equal \"xyz\"")]
    [InlineData("list is empty", "list Is Empty")]
    [InlineData("list is not empty", "list Is Not Empty")]
    [InlineData("foo in bar", "bar In \"foo\"")]
    [InlineData("foo not in bar", "bar Not In \"foo\"")]
    [InlineData("bar contains foo", "bar In \"foo\"")]
    [InlineData("bar not contains foo", "bar Not In \"foo\"")]
    [InlineData("foo matches bar", "foo Matches \"bar\"")]
    [InlineData("foo not matches bar", "foo Not Matches \"bar\"")]
    [InlineData("foo == \"bar\"", "foo Equal \"bar\"")]
    [InlineData("foo == `bar`", "foo Equal \"bar\"")]
    [InlineData("foo==bar", "foo Equal \"bar\"")]
    [InlineData("foo!=bar", "foo Not Equal \"bar\"")]
    [InlineData("\"foo\" in bar", "bar In \"foo\"")]
    [InlineData("`foo` not in bar", "bar Not In \"foo\"")]
    [InlineData("foo == 0.2", "foo Equal \"0.2\"")]
    [InlineData("foo == 11.11", "foo Equal \"11.11\"")]
    [InlineData("foo == -0.2", "foo Equal \"-0.2\"")]
    [InlineData("foo == -3", "foo Equal \"-3\"")]
    [InlineData("foo == true", "foo Equal \"true\"")]
    [InlineData("foo == a.b.c", "foo Equal \"a.b.c\"")]
    [InlineData("foo == a[\"b c\"]", "foo Equal \"a.b c\"")]
    [InlineData("foo == \"a\\tb\\u00e9\\x41\\101\"", "foo Equal \"a\\tbéAA\"")]
    [InlineData("foo == `a\\tb`", "foo Equal \"a\\\\tb\"")]
    [InlineData("foo == \"\"", "foo Equal \"\"")]
    [InlineData("not foo == 3", "(not foo Equal \"3\")")]
    [InlineData("not not foo == 3", "foo Equal \"3\"")]
    [InlineData("not not not foo == 3", "(not foo Equal \"3\")")]
    [InlineData("(foo == 3)", "foo Equal \"3\"")]
    [InlineData("\t\r\n ( \t\r\n foo \t\r\n == \t\r\n x \t\r\n ) \t\r\n", "foo Equal \"x\"")]
    [InlineData("\t\r\n  foo \t\r\n is \t\r\n not \t\r\n empty \t\r\n", "foo Is Not Empty")]
    [InlineData("\t\r\n  foo \t\r\n not \t\r\n in \t\r\n x \t\r\n", "x Not In \"foo\"")]
    [InlineData("not == 1", "not Equal \"1\"")]
    [InlineData("and == or", "and Equal \"or\"")]
    public void Parses_single_matches(string expression, string expected) => Assert.Equal(expected, Parse(expression));

    [Theory]
    [InlineData("a == 1 and b == 2 or c == 3", "((a Equal \"1\" and b Equal \"2\") or c Equal \"3\")")]
    [InlineData("a == 1 or b == 2 and c == 3", "(a Equal \"1\" or (b Equal \"2\" and c Equal \"3\"))")]
    [InlineData("a == 1 and not b == 2 or c == 3", "((a Equal \"1\" and (not b Equal \"2\")) or c Equal \"3\")")]
    [InlineData("not a == 1 and b == 2", "((not a Equal \"1\") and b Equal \"2\")")]
    [InlineData("not (a == 1 and b == 2)", "(not (a Equal \"1\" and b Equal \"2\"))")]
    [InlineData("a == 1 or b == 2 or c == 3", "(a Equal \"1\" or (b Equal \"2\" or c Equal \"3\"))")]
    [InlineData("a == 1 and b == 2 and c == 3", "(a Equal \"1\" and (b Equal \"2\" and c Equal \"3\"))")]
    [InlineData("(a == 1 or b == 2) and c == 3", "((a Equal \"1\" or b Equal \"2\") and c Equal \"3\")")]
    [InlineData("(a == 1) and (b == 2)", "(a Equal \"1\" and b Equal \"2\")")]
    [InlineData("x in foo and not str == something or list is empty", "((foo In \"x\" and (not str Equal \"something\")) or list Is Empty)")]
    [InlineData("x in foo and not (str == something or list is empty)", "(foo In \"x\" and (not (str Equal \"something\" or list Is Empty)))")]
    [InlineData(
        "(((foo == 3) and (not ((bar in baz) and (not (one != two))))) or (((next is empty) and (not (foo is not empty))) and (bar not in foo)))",
        "((foo Equal \"3\" and (not (baz In \"bar\" and (not one Not Equal \"two\")))) or ((next Is Empty and (not foo Is Not Empty)) and foo Not In \"bar\"))")]
    public void Honours_precedence_and_grouping(string expression, string expected) => Assert.Equal(expected, Parse(expression));

    [Theory]
    [InlineData("environment in foo.bar.meta.tags.ENV", new[] { "foo", "bar", "meta", "tags", "ENV" })]
    [InlineData("environment in foo[\"bar\"][\"meta\"][\"tags\"][\"ENV\"]", new[] { "foo", "bar", "meta", "tags", "ENV" })]
    [InlineData("`environment` in foo.bar[\"meta\"].tags[\t`ENV` ]", new[] { "foo", "bar", "meta", "tags", "ENV" })]
    [InlineData("environment in foo[\"abc-def ghi åß∂ƒ\"]", new[] { "foo", "abc-def ghi åß∂ƒ" })]
    [InlineData("Service.Meta[\"a.b\"] == x", new[] { "Service", "Meta", "a.b" })]
    [InlineData("Node_1.x_2 == x", new[] { "Node_1", "x_2" })]
    public void Parses_selectors(string expression, string[] selector)
    {
        var match = Assert.IsType<FilterMatchNode>(BexprParser.Parse(expression));
        Assert.Equal(selector, match.Selector);
    }

    // Expected texts are go-bexpr v0.1.2's own (its grammar tests), so the PEG bookkeeping is checked end to end.
    [Theory]
    [InlineData("foo == \"12x", "1:12 (11): rule \"string\": Unterminated string literal")]
    [InlineData("foo == `12x", "1:12 (11): rule \"string\": Unterminated string literal")]
    [InlineData("foo == 3x", "1:9 (8): rule \"number\": Invalid number literal")]
    [InlineData("foo[3] == abc", "1:5 (4): rule \"index\": Invalid index")]
    [InlineData("x in foo[\"abc\"", "1:15 (14): rule \"index\": Unclosed index expression")]
    [InlineData("foo[\"abc\" == 3", "1:11 (10): rule \"index\": Unclosed index expression")]
    [InlineData("x in 32", "1:6 (5): rule \"match\": Invalid selector")]
    [InlineData("32 == 32", "1:4 (3): no match found, expected: \"in\", \"not\" or [ \\t\\r\\n]")]
    [InlineData("32 is empty", "1:4 (3): no match found, expected: \"in\", \"not\" or [ \\t\\r\\n]")]
    [InlineData("x in foo abc", "1:10 (9): no match found, expected: \"and\", \"or\", [ \\t\\r\\n] or EOF")]
    [InlineData("x in foo and ", "1:14 (13): no match found, expected: \"(\", \"-\", \"0\", \"\\\"\", \"`\", \"not\", [ \\t\\r\\n], [1-9] or [a-zA-Z]")]
    [InlineData("x in foo or ", "1:13 (12): no match found, expected: \"(\", \"-\", \"0\", \"\\\"\", \"`\", \"not\", [ \\t\\r\\n], [1-9] or [a-zA-Z]")]
    [InlineData("x in foo or not ", "1:17 (16): no match found, expected: \"!=\", \"(\", \"-\", \"0\", \"==\", \"\\\"\", \"`\", \"contains\", \"in\", \"is\", \"matches\", \"not\", [ \\t\\r\\n], [1-9] or [a-zA-Z]")]
    [InlineData("(foo == 4", "1:10 (9): rule \"grouping\": Unmatched parentheses")]
    [InlineData("Foo=bar", "1:4 (3): no match found, expected: \"!=\", \".\", \"==\", \"[\", [ \\t\\r\\n] or [a-zA-Z0-9_]")]
    public void Reports_bexpr_parse_errors(string expression, string expected)
    {
        var ex = Assert.Throws<FilterException>(() => BexprParser.Parse(expression));
        Assert.Equal(expected, ex.Reason);
        Assert.Equal("Failed to create boolean expression evaluator: " + expected, ex.Message);
        Assert.Equal(expression, ex.Expression);
    }

    [Fact]
    public void Unquote_errors_are_reported_at_the_string_start()
    {
        var ex = Assert.Throws<FilterException>(() => BexprParser.Parse("foo == \"a\\qb\""));
        Assert.Equal("1:8 (7): rule \"string\": invalid syntax", ex.Reason);
    }

    [Fact]
    public void Positions_count_lines_runes_and_utf8_bytes()
    {
        // "é" is one rune (column) but two bytes (offset), and a newline starts column counting again.
        var ex = Assert.Throws<FilterException>(() => BexprParser.Parse("x == \"é\"\nand"));
        Assert.Equal("2:4 (13): no match found, expected: [ \\t\\r\\n]", ex.Reason);
    }

    [Fact]
    public void Empty_and_blank_input_do_not_parse()
    {
        Assert.Throws<FilterException>(() => BexprParser.Parse(string.Empty));
        Assert.Throws<FilterException>(() => BexprParser.Parse("   "));
    }

    [Fact]
    public void Deep_nesting_stays_fast()
    {
        // Without memoisation each level re-parses its content four times (4^depth).
        var depth = 40;
        var expression = new string('(', depth) + "a == 1" + new string(')', depth);
        Assert.Equal("a Equal \"1\"", Parse(expression));
        var unbalanced = new string('(', depth) + "a == 1";
        var ex = Assert.Throws<FilterException>(() => BexprParser.Parse(unbalanced));
        Assert.Contains("Unmatched parentheses", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_inputs_fail_cleanly_instead_of_overflowing_the_stack()
    {
        // ~1 MB of "a == 1 and a == 1 and ...": must end in a FilterException (step or depth guard), not a crash.
        var expression = string.Join(" and ", Enumerable.Repeat("a == 1", 150_000));
        var ex = Assert.Throws<FilterException>(() => BexprParser.Parse(expression));
        Assert.Matches("^1:[0-9]+ \\([0-9]+\\): rule [A-Za-z\"]+: (max number of expresssions parsed|expression is nested too deeply)$", ex.Reason);
    }

    [Fact]
    public void Long_chains_within_the_limits_parse_compile_and_evaluate()
    {
        // 800 terms is about what an 8 KiB request line can carry.
        var expression = string.Join(" and ", Enumerable.Repeat("Status == passing", 800));
        var schema = FilterSchema.Create<SampleCheck>(s => s.String("Status", c => c.Status));
        var filter = schema.Compile(expression);
        Assert.True(filter.Matches(new SampleCheck("n", "c", "c", "passing", "web")));
        Assert.False(filter.Matches(new SampleCheck("n", "c", "c", "critical", "web")));
        var either = schema.Compile(string.Join(" or ", Enumerable.Repeat("Status == x", 799)) + " or Status == passing");
        Assert.True(either.Matches(new SampleCheck("n", "c", "c", "passing", "web")));
    }
}
