namespace ConsulSharp.Core.Structs;

/// <summary>A catalog node (Consul <c>structs.Node</c>). Names are case-insensitive keys.</summary>
public sealed record Node
{
    public required string Name { get; init; }

    public string Id { get; init; } = "";

    public string Address { get; init; } = "";

    public string Datacenter { get; init; } = "";

    public IReadOnlyDictionary<string, string> TaggedAddresses { get; init; } = StructEquality.EmptyStrings;

    public IReadOnlyDictionary<string, string> Meta { get; init; } = StructEquality.EmptyStrings;

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    /// <summary>Same content, ignoring the raft indexes (Consul <c>Node.IsSame</c>).</summary>
    public bool IsSame(Node other) =>
        Name == other.Name && Id == other.Id && Address == other.Address && Datacenter == other.Datacenter
        && StructEquality.Same(TaggedAddresses, other.TaggedAddresses) && StructEquality.Same(Meta, other.Meta);
}
