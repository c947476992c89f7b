using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>A role as <c>/v1/acl/role*</c> takes and returns it (Go <c>api.ACLRole</c> field order).</summary>
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
