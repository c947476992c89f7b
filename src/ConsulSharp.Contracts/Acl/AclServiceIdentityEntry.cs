using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>A service identity of a token or role (<c>{"ServiceName": "web", "Datacenters": ["dc1"]}</c>);
/// no <c>Datacenters</c> (omitted when empty) means every datacenter.</summary>
public sealed record AclServiceIdentityEntry
{
    public string ServiceName { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Datacenters { get; init; }
}
