using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>
/// An ACL policy as <c>/v1/acl/policy*</c> take and return it and the client/CLI use it (Consul's
/// <c>structs.ACLPolicy</c>, whose field order <c>api.ACLPolicy</c> shares). <c>Datacenters</c> and <c>Hash</c> are
/// always written (<c>null</c> when unset, as Go writes a nil slice); <c>Namespace</c>/<c>Partition</c> are
/// Enterprise fields, omitted when empty.
/// </summary>
public sealed record AclPolicyEntry
{
    public string ID { get; init; } = "";

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public string Rules { get; init; } = "";

    public List<string>? Datacenters { get; init; }

    public byte[]? Hash { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }
}
