namespace ConsulSharp.Raft;

/// <summary>
/// Raised when this node gains or loses leadership. Gaining is reported once the new term's first entry is applied
/// locally, so the state machine already holds every committed command when leader-only work starts.
/// </summary>
public sealed class LeadershipChangedEventArgs(bool isLeader, ulong term, string? leaderId) : EventArgs
{
    public bool IsLeader { get; } = isLeader;

    public ulong Term { get; } = term;

    public string? LeaderId { get; } = leaderId;
}
