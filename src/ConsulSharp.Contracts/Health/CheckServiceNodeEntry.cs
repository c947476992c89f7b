using ConsulSharp.Contracts.Catalog;

namespace ConsulSharp.Contracts.Health;

/// <summary>One instance of <c>/v1/health/service/:name</c> (Consul <c>CheckServiceNode</c>).</summary>
public sealed record CheckServiceNodeEntry
{
    public required NodeEntry Node { get; init; }

    public required NodeServiceEntry Service { get; init; }

    public required IReadOnlyList<HealthCheckEntry> Checks { get; init; }
}
