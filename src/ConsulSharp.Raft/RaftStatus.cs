namespace ConsulSharp.Raft;

/// <summary>
/// A consistent picture of a node for observers (HTTP headers X-Consul-KnownLeader / X-Consul-LastContact,
/// <c>consul info</c>, <c>/v1/status/leader</c>, <c>/v1/operator/raft/configuration</c>).
/// </summary>
public sealed record RaftStatus
{
    public required string Id { get; init; }

    public required string Address { get; init; }

    public RaftRole Role { get; init; }

    public ulong Term { get; init; }

    public string? LeaderId { get; init; }

    public string? LeaderAddress { get; init; }

    public bool KnownLeader => LeaderId is not null;

    public ulong CommitIndex { get; init; }

    public ulong AppliedIndex { get; init; }

    public ulong LastLogIndex { get; init; }

    public ulong LastLogTerm { get; init; }

    public ulong LastSnapshotIndex { get; init; }

    public ulong LastSnapshotTerm { get; init; }

    /// <summary>Time since this node last heard from the leader; zero on the leader itself, null if never.</summary>
    public TimeSpan? LastContact { get; init; }

    public RaftConfiguration Configuration { get; init; } = RaftConfiguration.Empty;

    public ulong ConfigurationIndex { get; init; }

    /// <summary>On the leader: replication state of every other server (autopilot health); empty elsewhere.</summary>
    public IReadOnlyList<RaftPeerStatus> Peers { get; init; } = [];

    public int NumPeers => Math.Max(0, Configuration.VoterCount - (Configuration.IsVoter(Id) ? 1 : 0));
}
