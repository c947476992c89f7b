using ConsulSharp.Core.Filter;

namespace ConsulSharp.Core.Tests.Filter;

// The shape of /v1/health/service results (CheckServiceNode: Node, Service, Checks), declared the way the HTTP layer will.
public sealed class ConsulShapeTests
{
    public sealed record Node(string ID, string NodeName, string Address, string Datacenter, Dictionary<string, string>? TaggedAddresses, Dictionary<string, string>? Meta);

    public sealed record Service(string ID, string Name, List<string>? Tags, string Address, int Port, Dictionary<string, string>? Meta, bool EnableTagOverride, Dictionary<string, int>? Counts, float Ratio);

    public sealed record Check(string CheckID, string Name, string Status, string ServiceID);

    public sealed record Entry(Node? Node, Service? Service, List<Check>? Checks);

    private static readonly FilterSchema<Node> NodeSchema = FilterSchema.Create<Node>(s => s
        .String("ID", n => n.ID)
        .String("Node", n => n.NodeName)
        .String("Address", n => n.Address)
        .String("Datacenter", n => n.Datacenter)
        .StringMap("TaggedAddresses", n => n.TaggedAddresses)
        .StringMap("Meta", n => n.Meta));

    private static readonly FilterSchema<Service> ServiceSchema = FilterSchema.Create<Service>(s => s
        .String("ID", v => v.ID)
        .String("Service", v => v.Name)
        .StringList("Tags", v => v.Tags)
        .String("Address", v => v.Address)
        .Int("Port", v => v.Port)
        .StringMap("Meta", v => v.Meta)
        .Bool("EnableTagOverride", v => v.EnableTagOverride)
        .Field("Counts", v => v.Counts, FilterType.Map(FilterType.Integer<int>(32)))
        .Float("Ratio", v => v.Ratio));

    private static readonly FilterSchema<Check> CheckSchema = FilterSchema.Create<Check>(s => s
        .String("CheckID", c => c.CheckID)
        .String("Name", c => c.Name)
        .String("Status", c => c.Status)
        .String("ServiceID", c => c.ServiceID));

    private static readonly FilterSchema<Entry> EntrySchema = FilterSchema.Create<Entry>(s => s
        .Object("Node", e => e.Node, NodeSchema)
        .Object("Service", e => e.Service, ServiceSchema)
        .ObjectList("Checks", e => e.Checks, CheckSchema));

    private static readonly Entry[] Entries =
    [
        new(
            new Node("id-1", "node-1", "10.0.0.1", "dc1", new() { ["lan"] = "10.0.0.1" }, new() { ["rack"] = "r1" }),
            new Service("web-1", "web", ["v1", "primary"], "10.0.0.1", 8080, new() { ["version"] = "1" }, false, new() { ["a"] = 5 }, 0.1f),
            [new Check("serfHealth", "Serf", "passing", ""), new Check("service:web-1", "web", "passing", "web-1")]),
        new(
            new Node("id-2", "node-2", "10.0.0.2", "dc1", null, new() { ["rack"] = "r2" }),
            new Service("web-2", "web", ["v2"], "10.0.0.2", 8080, null, true, null, 0.5f),
            [new Check("serfHealth", "Serf", "passing", ""), new Check("service:web-2", "web", "critical", "web-2")]),
        new(null, null, null),
    ];

    [Theory]
    [InlineData("", new[] { "web-1", "web-2", "" })]
    [InlineData("Service.Tags contains primary", new[] { "web-1" })]
    [InlineData("\"v2\" in Service.Tags", new[] { "web-2" })]
    [InlineData("Checks.Status == critical", new[] { "web-2" })]
    [InlineData("not Checks.Status == critical", new[] { "web-1", "" })]
    [InlineData("Checks.Status != critical", new[] { "web-1", "web-2" })]
    [InlineData("Node.Meta.rack == r2 or Service.Meta.version == \"1\"", new[] { "web-1", "web-2" })]
    [InlineData("Node.TaggedAddresses is empty", new[] { "web-2", "" })]
    [InlineData("Service.Port == 8080 and Node.Datacenter == dc1", new[] { "web-1", "web-2" })]
    [InlineData("Service.EnableTagOverride == true", new[] { "web-2" })]
    [InlineData("Service.Counts.a == 5", new[] { "web-1" })]
    [InlineData("\"a\" in Service.Counts", new[] { "web-1" })]
    [InlineData("Service.Ratio == 0.1", new[] { "web-1" })]
    [InlineData("Service.Service matches \"^we\" and Node.Node not matches \"2$\"", new[] { "web-1" })]
    [InlineData("Service.ID == \"\"", new[] { "" })]
    [InlineData("Checks is empty", new[] { "" })]
    public void Filters_health_service_entries(string expression, string[] expectedServiceIds)
    {
        var kept = EntrySchema.Compile(expression).Apply(Entries);
        Assert.Equal(expectedServiceIds, kept.Select(e => e.Service?.ID ?? string.Empty));
    }

    [Theory]
    [InlineData("Service == web", "Invalid match operator \"Equal\" for selector \"Service\"")]
    [InlineData("Service.Name == web", "Selector \"Service.Name\" is not valid")]
    [InlineData("Service.Counts.a == 3000000000", "Failed to coerce value \"3000000000\" for selector \"Service.Counts.a\": strconv.ParseInt: parsing \"3000000000\": value out of range")]
    [InlineData("Service.Ratio == 1e39", "1:19 (18): rule \"number\": Invalid number literal")]
    [InlineData("Service.Ratio == \"1e39\"", "Failed to coerce value \"1e39\" for selector \"Service.Ratio\": strconv.ParseFloat: parsing \"1e39\": value out of range")]
    public void Reports_consul_errors(string expression, string reason)
    {
        var ex = Assert.Throws<FilterException>(() => EntrySchema.Compile(expression));
        Assert.Equal(reason, ex.Reason);
    }
}
