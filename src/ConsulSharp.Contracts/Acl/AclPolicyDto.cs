namespace ConsulSharp.Contracts.Acl;

/// <summary>An ACL policy as <c>/v1/acl/policy*</c> read and write it (Consul's <c>structs.ACLPolicy</c>;
/// <c>Datacenters</c> is <c>null</c> when unset, as Go writes a nil slice).</summary>
public sealed record AclPolicyDto
{
    public string? ID { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? Rules { get; init; }

    public List<string>? Datacenters { get; init; }

    public byte[]? Hash { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
