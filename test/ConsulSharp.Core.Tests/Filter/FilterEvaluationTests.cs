using ConsulSharp.Core.Filter;

namespace ConsulSharp.Core.Tests.Filter;

public sealed class FilterEvaluationTests
{
    private static bool Eval(string expression, SampleNode node) => SampleSchemas.Node.Compile(expression).Matches(node);

    [Theory]
    // strings: ==, != (exact, ordinal), in/contains substring, matches regex
    [InlineData("Node == \"node-1\"", true)]
    [InlineData("Node == node", false)]
    [InlineData("Node == \"NODE-1\"", false)]
    [InlineData("Node != \"node-1\"", false)]
    [InlineData("Node != `node-2`", true)]
    [InlineData("\"ode\" in Node", true)]
    [InlineData("\"xyz\" in Node", false)]
    [InlineData("\"ode\" not in Node", false)]
    [InlineData("Node contains \"-1\"", true)]
    [InlineData("Node not contains \"-1\"", false)]
    [InlineData("\"\" in Node", true)]
    [InlineData("Node matches \"^node-[0-9]+$\"", true)]
    [InlineData("Node matches \"^NODE\"", false)]
    [InlineData("Node matches \"(?i)^NODE\"", true)]
    [InlineData("Node not matches \"^node\"", false)]
    [InlineData("Address matches `^10\\.0\\.`", true)]
    [InlineData("Node matches \"(?P<n>node)\"", true)]
    [InlineData("ServiceKind == \"\"", true)]
    // numbers are coerced to the field's type, from numbers or strings, with Go's base prefixes
    [InlineData("ServicePort == 8080", true)]
    [InlineData("ServicePort == \"8080\"", true)]
    [InlineData("ServicePort == \"0x1F90\"", true)]
    [InlineData("ServicePort == \"0o17620\"", true)]
    [InlineData("ServicePort == \"017620\"", true)]
    [InlineData("ServicePort == \"8_080\"", true)]
    [InlineData("ServicePort != 80", true)]
    [InlineData("ServicePort == -1", false)]
    [InlineData("Small == -7", true)]
    [InlineData("ModifyIndex == 42", true)]
    [InlineData("ModifyIndex != 42", false)]
    [InlineData("Score == 0.5", true)]
    [InlineData("Score == \"5e-1\"", true)]
    [InlineData("Score != 0.25", true)]
    // booleans accept Go's ParseBool spellings
    [InlineData("ServiceEnableTagOverride == true", true)]
    [InlineData("ServiceEnableTagOverride == \"T\"", true)]
    [InlineData("ServiceEnableTagOverride == 1", true)]
    [InlineData("ServiceEnableTagOverride == false", false)]
    [InlineData("ServiceEnableTagOverride != False", true)]
    public void Scalar_operators(string expression, bool expected) => Assert.Equal(expected, Eval(expression, SampleSchemas.Web1));

    [Theory]
    [InlineData("\"v1\" in ServiceTags", true)]
    [InlineData("v1 in ServiceTags", true)]
    [InlineData("\"v\" in ServiceTags", false)]
    [InlineData("\"v2\" not in ServiceTags", true)]
    [InlineData("\"v1\" not in ServiceTags", false)]
    [InlineData("ServiceTags contains primary", true)]
    [InlineData("ServiceTags not contains primary", false)]
    [InlineData("ServiceTags is empty", false)]
    [InlineData("ServiceTags is not empty", true)]
    [InlineData("Groups is not empty", true)]
    [InlineData("Groups is empty", false)]
    [InlineData("Labels.k == v", true)]
    [InlineData("Labels.k == w", false)]
    [InlineData("Labels.missing == v", false)]
    public void List_operators(string expression, bool expected) => Assert.Equal(expected, Eval(expression, SampleSchemas.Web1));

    [Theory]
    [InlineData("\"version\" in ServiceMeta", true)]
    [InlineData("\"nope\" in ServiceMeta", false)]
    [InlineData("\"nope\" not in ServiceMeta", true)]
    [InlineData("ServiceMeta contains env", true)]
    [InlineData("ServiceMeta is empty", false)]
    [InlineData("ServiceMeta is not empty", true)]
    [InlineData("ServiceMeta.version == \"1.2.3\"", true)]
    [InlineData("ServiceMeta[\"version\"] == \"1.2.3\"", true)]
    [InlineData("ServiceMeta.version != \"1.2.3\"", false)]
    [InlineData("ServiceMeta.version matches \"^1\\\\.\"", true)]
    [InlineData("\"2.3\" in ServiceMeta.version", true)]
    [InlineData("NodeMeta[\"a.b\"] == dotted", true)]
    [InlineData("TaggedAddresses.wan == \"198.18.0.1\"", true)]
    [InlineData("ServiceMeta.empty == \"\"", true)]
    // absent keys: false for ==, in, is not empty; true for everything else (bexpr's rule, matches included)
    [InlineData("ServiceMeta.missing == \"\"", false)]
    [InlineData("ServiceMeta.missing != x", true)]
    [InlineData("x in ServiceMeta.missing", false)]
    [InlineData("x not in ServiceMeta.missing", true)]
    [InlineData("ServiceMeta.missing matches \".*\"", true)]
    [InlineData("ServiceMeta.missing not matches \".*\"", true)]
    public void Map_operators(string expression, bool expected) => Assert.Equal(expected, Eval(expression, SampleSchemas.Web1));

    [Theory]
    [InlineData("ServiceWeights.Passing == 10", true)]
    [InlineData("ServiceWeights.Warning != 1", false)]
    [InlineData("ServiceTaggedAddresses.lan.Port == 8080", true)]
    [InlineData("ServiceTaggedAddresses.lan.Address == \"10.0.0.1\"", true)]
    [InlineData("ServiceTaggedAddresses.wan.Port == 8080", false)]
    [InlineData("ServiceTaggedAddresses.wan.Port != 8080", true)]
    [InlineData("\"lan\" in ServiceTaggedAddresses", true)]
    // lists of objects: the match is true if ANY element matches (including negated operators)
    [InlineData("Checks.Status == passing", true)]
    [InlineData("Checks.Status == critical", true)]
    [InlineData("Checks.Status == warning", false)]
    [InlineData("Checks.Status != passing", true)]
    [InlineData("not Checks.Status == warning", true)]
    [InlineData("Checks.CheckID == serfHealth and Checks.Status == critical", true)]
    [InlineData("\"v1\" in Checks.ServiceTags", true)]
    [InlineData("Checks.ServiceTags is empty", true)]
    [InlineData("Checks.ServiceTags is not empty", true)]
    [InlineData("Checks.Definition.x == y", false)]
    [InlineData("Checks.Definition.x != y", true)]
    [InlineData("Checks is empty", false)]
    [InlineData("Checks is not empty", true)]
    public void Nested_objects_maps_and_lists(string expression, bool expected) => Assert.Equal(expected, Eval(expression, SampleSchemas.Web1));

    [Theory]
    // null lists, maps and objects read as Go's zero values
    [InlineData("ServiceTags is empty", true)]
    [InlineData("\"v1\" in ServiceTags", false)]
    [InlineData("\"v1\" not in ServiceTags", true)]
    [InlineData("ServiceMeta is empty", true)]
    [InlineData("\"k\" in ServiceMeta", false)]
    [InlineData("\"k\" not in ServiceMeta", true)]
    [InlineData("ServiceMeta.k == v", false)]
    [InlineData("ServiceMeta.k != v", true)]
    [InlineData("ServiceWeights.Passing == 0", true)]
    [InlineData("ServiceKind == \"\"", true)]
    [InlineData("ServiceKind != \"\"", false)]
    // an empty list matches nothing, whatever the operator
    [InlineData("Checks.Status == passing", false)]
    [InlineData("Checks.Status != passing", false)]
    [InlineData("Checks is empty", true)]
    [InlineData("Groups is empty", true)]
    public void Null_and_empty_values(string expression, bool expected) => Assert.Equal(expected, Eval(expression, SampleSchemas.Bare));

    [Theory]
    [InlineData("Node == \"node-1\" and ServicePort == 8080", true)]
    [InlineData("Node == \"node-1\" and ServicePort == 80", false)]
    [InlineData("Node == x or ServicePort == 8080", true)]
    [InlineData("Node == x or ServicePort == 80", false)]
    [InlineData("not Node == x", true)]
    [InlineData("not (Node == \"node-1\" and ServicePort == 8080)", false)]
    [InlineData("Node == x and ServicePort == 8080 or Datacenter == dc1", true)]
    [InlineData("Node == x and (ServicePort == 8080 or Datacenter == dc1)", false)]
    [InlineData("Datacenter == dc1 or Node == x and ServicePort == 1", true)]
    [InlineData("(Datacenter == dc1 or Node == x) and ServicePort == 1", false)]
    [InlineData("not Datacenter == dc2 and not Node == x", true)]
    public void Boolean_connectives_and_precedence(string expression, bool expected) => Assert.Equal(expected, Eval(expression, SampleSchemas.Web1));

    [Fact]
    public void Empty_expression_passes_everything()
    {
        var filter = SampleSchemas.Node.Compile(string.Empty);
        Assert.True(filter.IsPassThrough);
        Assert.Null(filter.Syntax);
        Assert.True(filter.Matches(SampleSchemas.Bare));
        Assert.Equal(2, filter.Apply([SampleSchemas.Web1, SampleSchemas.Bare]).Count);
    }

    [Fact]
    public void Apply_filters_lists_and_map_values()
    {
        var filter = SampleSchemas.Node.Compile("ServiceName == web");
        Assert.False(filter.IsPassThrough);
        Assert.Equal("ServiceName == web", filter.Expression);
        Assert.Equal([SampleSchemas.Web1], filter.Apply([SampleSchemas.Bare, SampleSchemas.Web1, SampleSchemas.Bare]));

        var map = new Dictionary<string, SampleNode> { ["a"] = SampleSchemas.Web1, ["b"] = SampleSchemas.Bare };
        var kept = filter.Apply(map);
        Assert.Equal(["a"], kept.Keys);
    }

    [Fact]
    public void A_compiled_filter_is_reusable_and_thread_safe()
    {
        var filter = SampleSchemas.Node.Compile("Checks.Status == critical and ServiceMeta.version matches `^1`");
        var results = new bool[64];
        Parallel.For(0, results.Length, i => results[i] = filter.Matches(i % 2 == 0 ? SampleSchemas.Web1 : SampleSchemas.Bare));
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 2 == 0, results[i]);
        }
    }

    [Fact]
    public void Declaring_a_field_twice_is_an_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => FilterSchema.Create<SampleCheck>(s => s.String("Node", c => c.Node).String("Node", c => c.Name)));
        Assert.Contains("declared twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_may_have_several_names()
    {
        var schema = FilterSchema.Create<SampleCheck>(s => s.String("Status", c => c.Status).String("State", c => c.Status));
        var check = new SampleCheck("n", "c", "name", "passing", "web");
        Assert.True(schema.Compile("State == passing").Matches(check));
        Assert.True(schema.Compile("Status == passing").Matches(check));
        Assert.Equal(["State", "Status"], schema.FieldNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compiled_filters_are_cached_per_schema()
    {
        var schema = FilterSchema.Create<SampleCheck>(s => s.String("Status", c => c.Status));
        var first = schema.Compile("Status == passing");
        Assert.Same(first, schema.Compile("Status == passing"));
        Assert.NotSame(first, schema.Compile("Status == critical"));

        // The cache is bounded: after many distinct expressions it starts over.
        for (var i = 0; i < 300; i++)
        {
            schema.Compile("Status == s" + i);
        }

        Assert.NotSame(first, schema.Compile("Status == passing"));
        Assert.Throws<FilterException>(() => schema.Compile("Nope == 1"));
    }
}
