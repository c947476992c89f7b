using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>An ACL token as <c>/v1/acl/token*</c> read and write it (Consul's <c>structs.ACLToken</c>; the list
/// endpoint returns the same shape). <c>CreateTime</c> is RFC 3339 with fractional seconds, <c>Hash</c> base64.</summary>
public sealed record AclTokenDto
{
    public string? AccessorID { get; init; }

    public string? SecretID { get; init; }

    public string? Description { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclLinkDto>? Policies { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclLinkDto>? Roles { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclServiceIdentityDto>? ServiceIdentities { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclNodeIdentityDto>? NodeIdentities { get; init; }

    public bool Local { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExpirationTime { get; init; }

    /// <summary>Input only: Go duration nanoseconds (what Consul's api sends) or a duration string such as <c>"1h"</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public System.Text.Json.JsonElement? ExpirationTTL { get; init; }

    public string? CreateTime { get; init; }

    public byte[]? Hash { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
