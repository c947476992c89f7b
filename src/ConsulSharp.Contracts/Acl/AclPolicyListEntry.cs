using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>One entry of <c>GET /v1/acl/policies</c> (Consul's <c>ACLPolicyListStub</c> / <c>api.ACLPolicyListEntry</c>,
/// same field order: a policy without its rules).</summary>
public sealed record AclPolicyListEntry
{
    public string ID { get; init; } = "";

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public List<string>? Datacenters { get; init; }

    public byte[]? Hash { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }
}
