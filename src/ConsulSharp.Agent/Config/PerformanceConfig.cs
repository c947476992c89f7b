namespace ConsulSharp.Agent.Config;

/// <summary>The <c>performance</c> block.</summary>
public sealed record PerformanceConfig
{
    /// <summary>1..10; scales Raft election, heartbeat and leader-lease timeouts. 1 in <c>-dev</c>.</summary>
    public int RaftMultiplier { get; init; } = 5;

    public TimeSpan LeaveDrainTime { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RpcHoldTimeout { get; init; } = TimeSpan.FromSeconds(7);
}
