using ConsulSharp.Agent.Config;

namespace ConsulSharp.Testing;

/// <summary>How a <see cref="TestCluster"/> is started.</summary>
public sealed record TestClusterOptions
{
    public int Servers { get; init; } = 3;

    public int Clients { get; init; }

    /// <summary>Prefix of the node names (<c>server-1</c>, <c>client-1</c>, ...), to tell clusters apart in logs.</summary>
    public string NamePrefix { get; init; } = "";

    /// <summary>The servers' hold time without a leader (Consul's rpc_hold_timeout; 7 s by default, shorter for tests).</summary>
    public TimeSpan LeaderWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Autopilot's stabilization time before a new server is promoted to voter.</summary>
    public TimeSpan ServerStabilizationTime { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan LeaderTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopped (failed) server stays in the Raft configuration before autopilot removes it.</summary>
    public TimeSpan DeadServerCleanupDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Applied last to every agent's config (e.g. a quieter log level for benchmarks).</summary>
    public Func<RuntimeConfig, RuntimeConfig> Configure { get; init; } = static c => c;
}
