namespace ConsulSharp.Raft.Storage;

/// <summary>A snapshot being written. Nothing is visible until <see cref="Commit"/>; disposing without commit discards it.</summary>
public interface ISnapshotSink : IDisposable
{
    string Id { get; }

    Stream Stream { get; }

    /// <summary>Makes the snapshot durable and visible, then applies retention.</summary>
    SnapshotMetadata Commit();

    /// <summary>
    /// Makes the data written so far durable without committing, so that a later <see cref="Commit"/> is quick (used
    /// before committing from a latency-sensitive thread). Optional: the default does nothing.
    /// </summary>
    void FlushToDisk()
    {
    }
}
