using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>The answer of <c>PUT /v1/acl/bootstrap</c>: the legacy <c>ID</c> (the SecretID) then the token.</summary>
public sealed record AclBootstrapDto
{
    public string? ID { get; init; }

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

    public string? CreateTime { get; init; }

    public byte[]? Hash { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
