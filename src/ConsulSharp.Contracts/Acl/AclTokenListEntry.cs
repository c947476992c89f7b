using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>
/// One entry of <c>GET /v1/acl/tokens</c> (Consul's <c>structs.ACLTokenListStub</c>: a token without
/// <c>ExpirationTTL</c>), in the order the HTTP API writes it (Raft indexes last); the CLI's <c>-format=json</c>
/// prints Go <c>api.ACLTokenListEntry</c> order (indexes first).
/// </summary>
public sealed record AclTokenListEntry
{
    /// <summary>Go's zero <c>time.Time</c> as JSON (what Consul writes for a token without a create time).</summary>
    public const string ZeroTime = "0001-01-01T00:00:00Z";

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
    public string? AuthMethodNamespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExpirationTime { get; init; }

    public string CreateTime { get; init; } = ZeroTime;

    public byte[]? Hash { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
