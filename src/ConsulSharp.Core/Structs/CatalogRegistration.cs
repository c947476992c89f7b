namespace ConsulSharp.Core.Structs;

/// <summary>
/// A catalog register command (Consul <c>structs.RegisterRequest</c>): the node, an optional service on it and checks.
/// Indexes inside the rows are ignored; the store assigns them.
/// </summary>
public sealed record CatalogRegistration
{
    public required Node Node { get; init; }

    public ServiceInstance? Service { get; init; }

    public IReadOnlyList<HealthCheck> Checks { get; init; } = [];

    /// <summary>When true and the node exists, the node row is left as is (agents syncing only a service).</summary>
    public bool SkipNodeUpdate { get; init; }
}
