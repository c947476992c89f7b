using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>
/// An ACL role as <c>/v1/acl/role*</c> take and return it and the client/CLI use it (Consul's <c>structs.ACLRole</c>,
/// whose field order <c>api.ACLRole</c> shares): empty link/identity lists are omitted, <c>Hash</c> always written.
/// </summary>
public sealed record AclRoleEntry
{
    public string ID { get; init; } = "";

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclLinkEntry>? Policies { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclServiceIdentityEntry>? ServiceIdentities { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclNodeIdentityEntry>? NodeIdentities { get; init; }

    public byte[]? Hash { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }
}
