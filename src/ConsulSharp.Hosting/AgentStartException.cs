namespace ConsulSharp.Hosting;

/// <summary>The agent could not start (a port in use, a bad data dir); the message says what to fix.</summary>
public sealed class AgentStartException : Exception
{
    public AgentStartException(string message)
        : base(message)
    {
    }

    public AgentStartException()
    {
    }

    public AgentStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
