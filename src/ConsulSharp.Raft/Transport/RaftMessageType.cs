namespace ConsulSharp.Raft.Transport;

/// <summary>Wire message kinds. Persisted on the wire: values are append-only.</summary>
public enum RaftMessageType : byte
{
    AppendEntries = 1,
    AppendEntriesResponse = 2,
    RequestVote = 3,
    RequestVoteResponse = 4,
    InstallSnapshot = 5,
    InstallSnapshotResponse = 6,
    TimeoutNow = 7,
    Heartbeat = 8,
    HeartbeatResponse = 9,
}
