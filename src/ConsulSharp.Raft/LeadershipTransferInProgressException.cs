namespace ConsulSharp.Raft;

/// <summary>The leader is handing leadership over and accepts no new writes meanwhile; retry shortly.</summary>
public sealed class LeadershipTransferInProgressException : RaftException
{
    public LeadershipTransferInProgressException()
        : base("leadership transfer in progress")
    {
    }

    public LeadershipTransferInProgressException(string message)
        : base(message)
    {
    }

    public LeadershipTransferInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
