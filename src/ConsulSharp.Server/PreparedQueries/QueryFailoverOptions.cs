namespace ConsulSharp.Server.PreparedQueries;

/// <summary>Consul <c>QueryFailoverOptions</c>. Stored and validated; executing a failover needs WAN RPC (not built).</summary>
public sealed record QueryFailoverOptions
{
    public int NearestN { get; init; }

    public IReadOnlyList<string>? Datacenters { get; init; }

    public IReadOnlyList<QueryFailoverTarget>? Targets { get; init; }
}
