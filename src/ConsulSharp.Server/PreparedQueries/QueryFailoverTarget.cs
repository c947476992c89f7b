namespace ConsulSharp.Server.PreparedQueries;

/// <summary>Consul <c>QueryFailoverTarget</c>: a datacenter or cluster peer to try.</summary>
public sealed record QueryFailoverTarget
{
    public string Peer { get; init; } = "";

    public string Datacenter { get; init; } = "";
}
