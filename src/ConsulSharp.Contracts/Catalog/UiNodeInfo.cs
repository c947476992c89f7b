using ConsulSharp.Contracts.Health;

namespace ConsulSharp.Contracts.Catalog;

/// <summary>A node with its services and checks as <c>/v1/internal/ui/nodes</c> lists it (Consul <c>NodeInfo</c>).</summary>
public sealed record UiNodeInfo
{
    public string ID { get; init; } = "";

    public required string Node { get; init; }

    public string Address { get; init; } = "";

    public IReadOnlyDictionary<string, string>? TaggedAddresses { get; init; }

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    public IReadOnlyList<NodeServiceEntry> Services { get; init; } = [];

    public IReadOnlyList<HealthCheckEntry> Checks { get; init; } = [];
}
