namespace ConsulSharp.Raft;

/// <summary>The role a node plays in the current term.</summary>
public enum RaftRole
{
    Follower = 0,
    PreCandidate = 1,
    Candidate = 2,
    Leader = 3,
    Shutdown = 4,
}
