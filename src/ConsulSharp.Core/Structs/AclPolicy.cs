namespace ConsulSharp.Core.Structs;

/// <summary>An ACL policy (Consul <c>structs.ACLPolicy</c>): rules text, unique name.</summary>
public sealed record AclPolicy
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public string Rules { get; init; } = "";

    public IReadOnlyList<string> Datacenters { get; init; } = [];

    public byte[] Hash { get; init; } = [];

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
