namespace ConsulSharp.Raft;

/// <summary>Settings of one <see cref="RaftNode"/>. Defaults suit a LAN; <see cref="Local"/> suits tests on one machine.</summary>
public sealed record RaftOptions
{
    /// <summary>This server's stable id (Consul: the node id).</summary>
    public required string Id { get; init; }

    /// <summary>Minimum election timeout; actual timeouts are random in [T, 2T). Also the follower side of the leader lease.</summary>
    public TimeSpan ElectionTimeout { get; init; } = TimeSpan.FromMilliseconds(600);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>How often the node's clock ticks the protocol core.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Take a snapshot after this many applied entries since the last one.</summary>
    public ulong SnapshotThreshold { get; init; } = 8192;

    /// <summary>Entries kept in the log behind a snapshot, so slightly lagging followers need no snapshot.</summary>
    public ulong TrailingLogs { get; init; } = 10240;

    public int MaxEntriesPerMessage { get; init; } = 1024;

    public int MaxInflightMessages { get; init; } = 64;

    /// <summary>How long a streamed snapshot may take before the leader retries.</summary>
    public TimeSpan SnapshotSendTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Leader lease as a fraction of <see cref="ElectionTimeout"/>; reads inside it need no quorum round.</summary>
    public double LeaseRatio { get; init; } = 0.9;

    public static RaftOptions Local(string id) => new()
    {
        Id = id,
        ElectionTimeout = TimeSpan.FromMilliseconds(300),
        HeartbeatInterval = TimeSpan.FromMilliseconds(30),
        TickInterval = TimeSpan.FromMilliseconds(5),
    };
}
