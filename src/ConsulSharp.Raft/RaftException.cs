namespace ConsulSharp.Raft;

/// <summary>Base of the expected failures a caller can handle (not leader, leadership lost, ...).</summary>
public class RaftException : Exception
{
    public RaftException()
    {
    }

    public RaftException(string message)
        : base(message)
    {
    }

    public RaftException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
