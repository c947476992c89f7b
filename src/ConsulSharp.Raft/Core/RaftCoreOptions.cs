namespace ConsulSharp.Raft.Core;

/// <summary>Timing and batching knobs of the pure core (milliseconds on the shell's monotonic clock).</summary>
internal sealed record RaftCoreOptions
{
    public long ElectionTimeoutMs { get; init; } = 1000;

    public long HeartbeatIntervalMs { get; init; } = 100;

    public int MaxEntriesPerMessage { get; init; } = 1024;

    public long MaxBytesPerMessage { get; init; } = 1 << 20;

    public int MaxInflightMessages { get; init; } = 64;

    /// <summary>Fraction of the election timeout a leader may serve reads without a quorum round (leader lease).</summary>
    public double LeaseRatio { get; init; } = 0.9;

    public bool PreVote { get; init; } = true;

    public long SnapshotTimeoutMs { get; init; } = 60_000;
}
