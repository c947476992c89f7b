namespace ConsulSharp.Cli.Commands.Kv;

/// <summary>An argument error of a kv command; the message is printed after <c>Error! </c>.</summary>
internal sealed class KvArgumentException : Exception
{
    public KvArgumentException(string message)
        : base(message)
    {
    }

    public KvArgumentException()
    {
    }

    public KvArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
