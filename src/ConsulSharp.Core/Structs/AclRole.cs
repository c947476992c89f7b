namespace ConsulSharp.Core.Structs;

/// <summary>An ACL role (Consul <c>structs.ACLRole</c>): a named set of policies (linked by ID), unique name.</summary>
public sealed record AclRole
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public IReadOnlyList<string> Policies { get; init; } = [];

    public IReadOnlyList<AclServiceIdentity> ServiceIdentities { get; init; } = [];

    public IReadOnlyList<AclNodeIdentity> NodeIdentities { get; init; } = [];

    public byte[] Hash { get; init; } = [];

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
