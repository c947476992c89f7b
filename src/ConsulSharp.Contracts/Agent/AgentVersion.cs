namespace ConsulSharp.Contracts.Agent;

/// <summary><c>GET /v1/agent/version</c>.</summary>
public sealed record AgentVersion
{
    public required string HumanVersion { get; init; }

    public required string BuildDate { get; init; }

    public required string Version { get; init; }

    public required string Revision { get; init; }

    public required string Prerelease { get; init; }

    public bool FIPS { get; init; }
}
