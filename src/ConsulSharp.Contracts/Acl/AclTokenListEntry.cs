using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>One entry of <c>GET /v1/acl/tokens</c>, in the field order of Consul's Go <c>api.ACLTokenListEntry</c>.</summary>
public sealed record AclTokenListEntry
{
    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    public string AccessorID { get; init; } = "";

    public string SecretID { get; init; } = "";

    public string Description { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclLinkEntry>? Policies { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclLinkEntry>? Roles { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclServiceIdentityEntry>? ServiceIdentities { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclNodeIdentityEntry>? NodeIdentities { get; init; }

    public bool Local { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AuthMethod { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExpirationTime { get; init; }

    public string CreateTime { get; init; } = "0001-01-01T00:00:00Z";

    public byte[]? Hash { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AuthMethodNamespace { get; init; }
}
