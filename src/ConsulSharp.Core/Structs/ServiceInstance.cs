namespace ConsulSharp.Core.Structs;

/// <summary>
/// A service instance registered on a node (Consul <c>structs.ServiceNode</c> as stored in the services table, minus the
/// node columns the query layer joins in). Keyed case-insensitively by (Node, Id); looked up case-insensitively by Name.
/// </summary>
public sealed record ServiceInstance
{
    public required string Node { get; init; }

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Kind { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string Address { get; init; } = "";

    public IReadOnlyDictionary<string, ServiceAddress> TaggedAddresses { get; init; } = Empty;

    public IReadOnlyDictionary<string, string> Meta { get; init; } = StructEquality.EmptyStrings;

    public int Port { get; init; }

    public ServiceWeights Weights { get; init; } = ServiceWeights.Default;

    public bool EnableTagOverride { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    private static readonly IReadOnlyDictionary<string, ServiceAddress> Empty =
        System.Collections.Frozen.FrozenDictionary<string, ServiceAddress>.Empty;

    /// <summary>Same content, ignoring the raft indexes (Consul <c>ServiceNode.IsSameService</c>).</summary>
    public bool IsSame(ServiceInstance other) =>
        string.Equals(Node, other.Node, StringComparison.OrdinalIgnoreCase) && Id == other.Id && Name == other.Name
        && Kind == other.Kind && StructEquality.Same(Tags, other.Tags) && Address == other.Address
        && StructEquality.Same(TaggedAddresses, other.TaggedAddresses) && StructEquality.Same(Meta, other.Meta)
        && Port == other.Port && Weights == other.Weights && EnableTagOverride == other.EnableTagOverride;
}
