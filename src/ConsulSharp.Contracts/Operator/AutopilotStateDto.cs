namespace ConsulSharp.Contracts.Operator;

/// <summary><c>/v1/operator/autopilot/state</c> (Consul's <c>api.AutopilotState</c>, without the Enterprise zone/upgrade parts).</summary>
public sealed record AutopilotStateDto
{
    public bool Healthy { get; init; }

    public int FailureTolerance { get; init; }

    public int OptimisticFailureTolerance { get; init; }

    public required IReadOnlyDictionary<string, AutopilotServerDto> Servers { get; init; }

    public required string Leader { get; init; }

    public required IReadOnlyList<string> Voters { get; init; }
}
