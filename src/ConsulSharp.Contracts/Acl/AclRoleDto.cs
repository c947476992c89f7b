using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>An ACL role as <c>/v1/acl/role*</c> read and write it (Consul's <c>structs.ACLRole</c>).</summary>
public sealed record AclRoleDto
{
    public string? ID { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclLinkDto>? Policies { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclServiceIdentityDto>? ServiceIdentities { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AclNodeIdentityDto>? NodeIdentities { get; init; }

    public byte[]? Hash { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
