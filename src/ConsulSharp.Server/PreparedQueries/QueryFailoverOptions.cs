namespace ConsulSharp.Server.PreparedQueries;

/// <summary>Consul <c>QueryFailoverOptions</c> (executed by <c>PreparedQueryService</c> when no instance is healthy locally).</summary>
public sealed record QueryFailoverOptions
{
    public int NearestN { get; init; }

    public IReadOnlyList<string>? Datacenters { get; init; }

    public IReadOnlyList<QueryFailoverTarget>? Targets { get; init; }
}
