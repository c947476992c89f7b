namespace ConsulSharp.Raft;

/// <summary>Leadership was lost before the operation finished; a command may or may not have been committed.</summary>
public sealed class LeadershipLostException : RaftException
{
    public LeadershipLostException()
        : base("leadership lost while committing; the outcome is unknown")
    {
    }

    public LeadershipLostException(string message)
        : base(message)
    {
    }

    public LeadershipLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
