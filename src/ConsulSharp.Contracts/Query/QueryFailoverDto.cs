namespace ConsulSharp.Contracts.Query;

/// <summary>Consul <c>QueryFailoverOptions</c>; nil lists are written as <c>null</c>, as Go does.</summary>
public sealed record QueryFailoverDto
{
    public int NearestN { get; init; }

    public List<string>? Datacenters { get; init; }

    public List<QueryFailoverTargetDto>? Targets { get; init; }
}
