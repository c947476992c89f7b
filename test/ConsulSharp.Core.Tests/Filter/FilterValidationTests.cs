using ConsulSharp.Core.Filter;

namespace ConsulSharp.Core.Tests.Filter;

public sealed class FilterValidationTests
{
    private static string Reason(string expression)
    {
        var ex = Assert.Throws<FilterException>(() => SampleSchemas.Node.Compile(expression));
        Assert.Equal(FilterException.MessagePrefix + ex.Reason, ex.Message);
        Assert.Equal(expression, ex.Expression);
        return ex.Reason;
    }

    [Theory]
    [InlineData("Foo == 1", "Selector \"Foo\" is not valid")]
    [InlineData("node == x", "Selector \"node\" is not valid")]
    [InlineData("Checks.Foo == 1", "Selector \"Checks.Foo\" is not valid")]
    [InlineData("Checks.Status.x == 1", "Selector \"Checks.Status.x\" is not valid")]
    [InlineData("ServiceTags.x == 1", "Selector \"ServiceTags.x\" is not valid")]
    [InlineData("Node.x == 1", "Selector \"Node.x\" is not valid")]
    [InlineData("ServiceMeta.a.b == 1", "Selector \"ServiceMeta.a.b\" is not valid")]
    [InlineData("ServiceWeights.Foo == 1", "Selector \"ServiceWeights.Foo\" is not valid")]
    [InlineData("ServiceTaggedAddresses.lan.Foo == 1", "Selector \"ServiceTaggedAddresses.lan.Foo\" is not valid")]
    [InlineData("Groups.x == 1", "Selector \"Groups.x\" is not valid")]
    [InlineData("Foo is empty", "Selector \"Foo\" is not valid")]
    [InlineData("x in Foo[\"a b\"]", "Selector \"Foo\" is not valid")]
    [InlineData("Node[`\"q`] == 1", "Selector \"Node.\\\"q\" is not valid")]
    public void Unknown_selectors_are_rejected(string expression, string expected) => Assert.Equal(expected, Reason(expression));

    [Theory]
    [InlineData("Node is empty", "Invalid match operator \"Is Empty\" for selector \"Node\"")]
    [InlineData("Node is not empty", "Invalid match operator \"Is Not Empty\" for selector \"Node\"")]
    [InlineData("ServicePort matches x", "Invalid match operator \"Matches\" for selector \"ServicePort\"")]
    [InlineData("ServicePort not matches x", "Invalid match operator \"Not Matches\" for selector \"ServicePort\"")]
    [InlineData("1 in ServicePort", "Invalid match operator \"In\" for selector \"ServicePort\"")]
    [InlineData("1 not in ServicePort", "Invalid match operator \"Not In\" for selector \"ServicePort\"")]
    [InlineData("ServiceEnableTagOverride contains x", "Invalid match operator \"In\" for selector \"ServiceEnableTagOverride\"")]
    [InlineData("ServiceTags == v1", "Invalid match operator \"Equal\" for selector \"ServiceTags\"")]
    [InlineData("ServiceTags matches v1", "Invalid match operator \"Matches\" for selector \"ServiceTags\"")]
    [InlineData("ServiceWeights == 1", "Invalid match operator \"Equal\" for selector \"ServiceWeights\"")]
    [InlineData("ServiceWeights is empty", "Invalid match operator \"Is Empty\" for selector \"ServiceWeights\"")]
    [InlineData("Checks contains x", "Invalid match operator \"In\" for selector \"Checks\"")]
    [InlineData("Checks != x", "Invalid match operator \"Not Equal\" for selector \"Checks\"")]
    [InlineData("ServiceMeta == x", "Invalid match operator \"Equal\" for selector \"ServiceMeta\"")]
    [InlineData("ServiceMeta matches x", "Invalid match operator \"Matches\" for selector \"ServiceMeta\"")]
    [InlineData("ServiceMeta.version is empty", "Invalid match operator \"Is Empty\" for selector \"ServiceMeta.version\"")]
    [InlineData("ServiceTaggedAddresses.lan == x", "Invalid match operator \"Equal\" for selector \"ServiceTaggedAddresses.lan\"")]
    [InlineData("Groups contains x", "Invalid match operator \"In\" for selector \"Groups\"")]
    [InlineData("ServicePort matches \"(\"", "Invalid match operator \"Matches\" for selector \"ServicePort\"")]
    public void Operators_the_field_does_not_support_are_rejected(string expression, string expected) => Assert.Equal(expected, Reason(expression));

    [Theory]
    [InlineData("ServicePort == abc", "Failed to coerce value \"abc\" for selector \"ServicePort\": strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("ServicePort == 1.5", "Failed to coerce value \"1.5\" for selector \"ServicePort\": strconv.ParseInt: parsing \"1.5\": invalid syntax")]
    [InlineData("ServicePort == \"\"", "Failed to coerce value \"\" for selector \"ServicePort\": strconv.ParseInt: parsing \"\": invalid syntax")]
    [InlineData("ServicePort == 99999999999999999999", "Failed to coerce value \"99999999999999999999\" for selector \"ServicePort\": strconv.ParseInt: parsing \"99999999999999999999\": value out of range")]
    [InlineData("ServicePort == \"1__0\"", "Failed to coerce value \"1__0\" for selector \"ServicePort\": strconv.ParseInt: parsing \"1__0\": invalid syntax")]
    [InlineData("Small == 40000", "Failed to coerce value \"40000\" for selector \"Small\": strconv.ParseInt: parsing \"40000\": value out of range")]
    [InlineData("ModifyIndex == -1", "Failed to coerce value \"-1\" for selector \"ModifyIndex\": strconv.ParseUint: parsing \"-1\": invalid syntax")]
    [InlineData("ServiceEnableTagOverride == yes", "Failed to coerce value \"yes\" for selector \"ServiceEnableTagOverride\": strconv.ParseBool: parsing \"yes\": invalid syntax")]
    [InlineData("Score == abc", "Failed to coerce value \"abc\" for selector \"Score\": strconv.ParseFloat: parsing \"abc\": invalid syntax")]
    [InlineData("Score == \"1e999\"", "Failed to coerce value \"1e999\" for selector \"Score\": strconv.ParseFloat: parsing \"1e999\": value out of range")]
    [InlineData("Checks.ServiceTags is empty and x in ServiceWeights.Passing", "Invalid match operator \"In\" for selector \"ServiceWeights.Passing\"")]
    [InlineData("ServiceTaggedAddresses.lan.Port == \"eighty\"", "Failed to coerce value \"eighty\" for selector \"ServiceTaggedAddresses.lan.Port\": strconv.ParseInt: parsing \"eighty\": invalid syntax")]
    public void Literals_must_coerce_to_the_field_type(string expression, string expected) => Assert.Equal(expected, Reason(expression));

    [Theory]
    [InlineData("Node matches \"(\"", "Failed to compile regular expression \"(\": error parsing regexp: missing closing ): `(`")]
    [InlineData("Node matches \"a)\"", "Failed to compile regular expression \"a)\": error parsing regexp: unexpected ): `a)`")]
    [InlineData("Node matches \"x[ab\"", "Failed to compile regular expression \"x[ab\": error parsing regexp: missing closing ]: `[ab`")]
    [InlineData("Node matches \"*\"", "Failed to compile regular expression \"*\": error parsing regexp: missing argument to repetition operator: `*`")]
    [InlineData("Node matches \"a**\"", "Failed to compile regular expression \"a**\": error parsing regexp: invalid nested repetition operator: `**`")]
    [InlineData("Node matches `a\\`", "Failed to compile regular expression \"a\\\\\": error parsing regexp: trailing backslash at end of expression: ``")]
    public void Regular_expressions_must_compile(string expression, string expected) => Assert.Equal(expected, Reason(expression));

    [Theory]
    [InlineData("Node matches \"(?=a)\"")]
    [InlineData("Node matches \"(a)\\\\1\"")]
    public void Constructs_re2_lacks_are_rejected(string expression) =>
        Assert.StartsWith("Failed to compile regular expression", Reason(expression), StringComparison.Ordinal);

    [Theory]
    [InlineData("Foo == 1 and Bar == 2", "Selector \"Foo\" is not valid")]
    [InlineData("Node == x and Bar == 2", "Selector \"Bar\" is not valid")]
    [InlineData("ServicePort == abc or Foo == 1", "Failed to coerce value \"abc\" for selector \"ServicePort\": strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("not (Node is empty or Foo == 1)", "Invalid match operator \"Is Empty\" for selector \"Node\"")]
    public void The_leftmost_problem_is_reported(string expression, string expected) => Assert.Equal(expected, Reason(expression));

    [Fact]
    public void Parse_errors_come_before_schema_checks()
    {
        Assert.Equal("1:4 (3): no match found, expected: \"!=\", \".\", \"==\", \"[\", [ \\t\\r\\n] or [a-zA-Z0-9_]", Reason("Foo=bar"));
        Assert.Equal("1:9 (8): rule \"number\": Invalid number literal", Reason("Foo == 3x"));
    }

    [Fact]
    public void TryCompile_returns_the_error()
    {
        Assert.False(SampleSchemas.Node.TryCompile("Foo == 1", out var filter, out var error));
        Assert.Null(filter);
        Assert.Equal("Failed to create boolean expression evaluator: Selector \"Foo\" is not valid", error.Message);

        Assert.True(SampleSchemas.Node.TryCompile("Node == x", out filter, out error));
        Assert.NotNull(filter);
        Assert.Null(error);
    }
}
