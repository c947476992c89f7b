using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Acl;

/// <summary>A policy as <c>/v1/acl/policy*</c> takes and returns it (Go <c>api.ACLPolicy</c> field order).</summary>
public sealed record AclPolicyEntry
{
    public string ID { get; init; } = "";

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public string Rules { get; init; } = "";

    public List<string>? Datacenters { get; init; }

    public byte[]? Hash { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }
}
