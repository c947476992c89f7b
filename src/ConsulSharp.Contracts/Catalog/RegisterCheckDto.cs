using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Catalog;

/// <summary>A check of a catalog register body (Consul <c>HealthCheck</c>), decoded strictly except <c>Definition</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterCheckDto
{
    public string? Node { get; init; }

    public string? CheckID { get; init; }

    public string? Name { get; init; }

    public string? Status { get; init; }

    public string? Notes { get; init; }

    public string? Output { get; init; }

    public string? ServiceID { get; init; }

    public string? ServiceName { get; init; }

    public List<string>? ServiceTags { get; init; }

    public string? Type { get; init; }

    public string? Interval { get; init; }

    public string? Timeout { get; init; }

    public int ExposedPort { get; init; }

    public JsonElement? Definition { get; init; }

    public string? PeerName { get; init; }

    public string? Namespace { get; init; }

    public string? Partition { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
