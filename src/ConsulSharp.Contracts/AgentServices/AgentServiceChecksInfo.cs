namespace ConsulSharp.Contracts.AgentServices;

/// <summary>The answer of <c>/v1/agent/health/service/*</c>: the aggregated status, the service and its checks.</summary>
public sealed record AgentServiceChecksInfo
{
    public string AggregatedStatus { get; init; } = "";

    public AgentServiceDto? Service { get; init; }

    public List<AgentCheckDto>? Checks { get; init; }
}
