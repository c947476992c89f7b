namespace ConsulSharp.Cli.Commands.Lock;

/// <summary>A lock protocol failure, with the text Go's api returns (e.g. <c>failed to read lock: ...</c>).</summary>
internal sealed class LockException : Exception
{
    public LockException(string message)
        : base(message)
    {
    }

    public LockException()
    {
    }

    public LockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
