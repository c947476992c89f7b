using ConsulSharp.Core.Filter;

namespace ConsulSharp.Core.Tests.Filter;

public static class SampleSchemas
{
    public static readonly FilterSchema<SampleCheck> Check = FilterSchema.Create<SampleCheck>(s => s
        .String("Node", c => c.Node)
        .String("CheckID", c => c.CheckID)
        .String("Name", c => c.Name)
        .String("Status", c => c.Status)
        .String("ServiceName", c => c.ServiceName)
        .StringList("ServiceTags", c => c.ServiceTags)
        .StringMap("Definition", c => c.Definition));

    public static readonly FilterSchema<SampleAddress> Address = FilterSchema.Create<SampleAddress>(s => s
        .String("Address", a => a.Address)
        .Int("Port", a => a.Port));

    public static readonly FilterSchema<SampleWeights> Weights = FilterSchema.Create<SampleWeights>(s => s
        .Int("Passing", w => w.Passing)
        .Int("Warning", w => w.Warning));

    public static readonly FilterSchema<SampleNode> Node = FilterSchema.Create<SampleNode>(s => s
        .String("Node", n => n.Node)
        .String("Address", n => n.Address)
        .String("Datacenter", n => n.Datacenter)
        .StringMap("TaggedAddresses", n => n.TaggedAddresses)
        .StringMap("NodeMeta", n => n.NodeMeta)
        .String("ServiceName", n => n.ServiceName)
        .String("ServiceKind", n => n.ServiceKind)
        .StringList("ServiceTags", n => n.ServiceTags)
        .StringMap("ServiceMeta", n => n.ServiceMeta)
        .Int("ServicePort", n => n.ServicePort)
        .Bool("ServiceEnableTagOverride", n => n.ServiceEnableTagOverride)
        .Object("ServiceWeights", n => n.ServiceWeights, Weights)
        .ObjectMap("ServiceTaggedAddresses", n => n.ServiceTaggedAddresses, Address)
        .ObjectList("Checks", n => n.Checks, Check)
        .Float("Score", n => n.Score)
        .UInt("ModifyIndex", n => n.ModifyIndex)
        .Int("Small", n => n.Small, bits: 16)
        .Field("Groups", n => n.Groups, FilterType.List(FilterType.List<string>(FilterType.String!)))
        .Field("Labels", n => n.Labels, FilterType.List(FilterType.Map<string>(FilterType.String!))));

    public static SampleNode Web1 { get; } = new()
    {
        Node = "node-1",
        Address = "10.0.0.1",
        TaggedAddresses = new() { ["lan"] = "10.0.0.1", ["wan"] = "198.18.0.1" },
        NodeMeta = new() { ["rack"] = "r1", ["a.b"] = "dotted" },
        ServiceName = "web",
        ServiceKind = "",
        ServiceTags = ["v1", "primary"],
        ServiceMeta = new() { ["version"] = "1.2.3", ["env"] = "prod", ["empty"] = "" },
        ServicePort = 8080,
        ServiceEnableTagOverride = true,
        ServiceWeights = new SampleWeights(10, 1),
        ServiceTaggedAddresses = new() { ["lan"] = new SampleAddress("10.0.0.1", 8080) },
        Checks =
        [
            new SampleCheck("node-1", "serfHealth", "Serf Health Status", "passing", string.Empty),
            new SampleCheck("node-1", "service:web", "web check", "critical", "web", ["v1"]),
        ],
        Score = 0.5,
        ModifyIndex = 42,
        Small = -7,
        Groups = [["a", "b"], ["c"]],
        Labels = [new() { ["k"] = "v" }],
    };

    // Mostly empty: null lists, maps and objects read as Go zero values.
    public static SampleNode Bare { get; } = new() { Node = "bare", Address = "10.0.0.9", ServiceName = "db" };
}
