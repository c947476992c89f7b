namespace ConsulSharp.Contracts.Query;

/// <summary>Consul <c>QueryFailoverTarget</c>.</summary>
public sealed record QueryFailoverTargetDto
{
    public string? Peer { get; init; }

    public string? Datacenter { get; init; }
}
