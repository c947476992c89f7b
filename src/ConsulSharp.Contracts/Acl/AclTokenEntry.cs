using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>
/// A token as <c>/v1/acl/token*</c> and <c>/v1/acl/bootstrap</c> return it, in the field order of Consul's Go
/// <c>api.ACLToken</c> (so <c>-format=json</c> prints what Consul's CLI prints). Times stay the RFC 3339 strings the
/// server wrote; <c>ExpirationTTL</c> is a Go duration string or nanoseconds.
/// </summary>
public sealed record AclTokenEntry
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
    public JsonElement? ExpirationTTL { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExpirationTime { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CreateTime { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public byte[]? Hash { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AuthMethodNamespace { get; init; }
}
