namespace ConsulSharp.Raft;

/// <summary>This node is not the leader; <see cref="LeaderAddress"/> is where to forward, when known.</summary>
public sealed class NotLeaderException : RaftException
{
    public NotLeaderException()
        : this(leaderId: null, leaderAddress: null)
    {
    }

    public NotLeaderException(string message)
        : base(message)
    {
    }

    public NotLeaderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NotLeaderException(string? leaderId, string? leaderAddress)
        : base(leaderId is null ? "node is not the leader; no leader known" : $"node is not the leader; leader is {leaderId} at {leaderAddress}")
    {
        LeaderId = leaderId;
        LeaderAddress = leaderAddress;
    }

    public string? LeaderId { get; }

    public string? LeaderAddress { get; }
}
