namespace ConsulSharp.Contracts.Agent;

public sealed record AgentSelfConfig
{
    public required string Datacenter { get; init; }

    public required string PrimaryDatacenter { get; init; }

    public required string NodeName { get; init; }

    public required string NodeID { get; init; }

    public required string Revision { get; init; }

    public required bool Server { get; init; }

    public required string Version { get; init; }

    public required string BuildDate { get; init; }
}
