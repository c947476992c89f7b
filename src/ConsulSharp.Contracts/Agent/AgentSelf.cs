namespace ConsulSharp.Contracts.Agent;

/// <summary><c>GET /v1/agent/self</c>.</summary>
public sealed record AgentSelf
{
    public required AgentSelfConfig Config { get; init; }

    public Dictionary<string, object?> DebugConfig { get; init; } = [];

    public Coordinate? Coord { get; init; }

    public required Member Member { get; init; }

    public required Dictionary<string, Dictionary<string, string>> Stats { get; init; }

    public required Dictionary<string, string> Meta { get; init; }
}
