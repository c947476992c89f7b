namespace ConsulSharp.Contracts.Snapshot;

/// <summary>A snapshot archive that cannot be read or fails its integrity check; the message is Consul's text.</summary>
public sealed class SnapshotArchiveException : Exception
{
    public SnapshotArchiveException()
    {
    }

    public SnapshotArchiveException(string message)
        : base(message)
    {
    }

    public SnapshotArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
