namespace ConsulSharp.Raft.Storage;

/// <summary>Durable Raft state is damaged in a way recovery must not paper over (not a torn tail).</summary>
public sealed class RaftStorageCorruptException : Exception
{
    public RaftStorageCorruptException()
    {
    }

    public RaftStorageCorruptException(string message)
        : base(message)
    {
    }

    public RaftStorageCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RaftStorageCorruptException(string file, long offset, string reason)
        : base($"raft storage corrupt: {file} at offset {offset}: {reason}")
    {
        File = file;
        Offset = offset;
    }

    public string? File { get; }

    public long Offset { get; }
}
