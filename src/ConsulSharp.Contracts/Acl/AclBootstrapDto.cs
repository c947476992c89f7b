using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>The answer of <c>PUT /v1/acl/bootstrap</c>: the legacy <c>ID</c> (the SecretID) then the token's fields in
/// <see cref="AclTokenEntry"/> order (Consul embeds <c>structs.ACLToken</c> after <c>ID</c>); clients read it as an
/// <see cref="AclTokenEntry"/>.</summary>
public sealed record AclBootstrapDto
{
    public string ID { get; init; } = "";

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

    public string CreateTime { get; init; } = AclTokenEntry.ZeroTime;

    public byte[]? Hash { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
