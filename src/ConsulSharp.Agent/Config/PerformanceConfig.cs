namespace ConsulSharp.Agent.Config;

/// <summary>The <c>performance</c> block.</summary>
public sealed record PerformanceConfig
{
    /// <summary>1..10; scales Raft election, heartbeat and leader-lease timeouts. 1 in <c>-dev</c>.</summary>
    public int RaftMultiplier { get; init; } = 5;

    /// <summary>Whether a config source set <c>raft_multiplier</c> (the dev profile sets 1). Our Raft timings at 1 are
    /// already the defaults (election 600 ms, heartbeat 60 ms), so only an explicit value scales them; Consul's implicit
    /// 5 would make failover five times slower.</summary>
    public bool RaftMultiplierSet { get; init; }

    public TimeSpan LeaveDrainTime { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RpcHoldTimeout { get; init; } = TimeSpan.FromSeconds(7);
}
