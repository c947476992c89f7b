namespace ConsulSharp.Server.PreparedQueries;

/// <summary>A prepared query that fails validation, compilation or rendering; the message is Consul's text.</summary>
public sealed class PreparedQueryException : Exception
{
    public PreparedQueryException()
    {
    }

    public PreparedQueryException(string message)
        : base(message)
    {
    }

    public PreparedQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
