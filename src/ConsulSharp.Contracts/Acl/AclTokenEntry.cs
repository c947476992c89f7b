using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>
/// An ACL token as <c>/v1/acl/token*</c> take and return it and the client/CLI use it, in the field order of Consul's
/// <c>structs.ACLToken</c> (what the HTTP API writes: Raft indexes last). The CLI's <c>-format=json</c> re-orders it to
/// Go <c>api.ACLToken</c> order (indexes first) when printing. Empty link/identity lists and the optional fields are
/// omitted; <c>CreateTime</c> (RFC 3339, Go's zero time when unset) and <c>Hash</c> (base64) are always written.
/// </summary>
public sealed record AclTokenEntry
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

    /// <summary>Input only: Go duration nanoseconds (what Consul's api sends) or a duration string such as <c>"1h"</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? ExpirationTTL { get; init; }

    public string CreateTime { get; init; } = ZeroTime;

    public byte[]? Hash { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
