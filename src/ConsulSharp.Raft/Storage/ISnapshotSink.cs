namespace ConsulSharp.Raft.Storage;

/// <summary>A snapshot being written. Nothing is visible until <see cref="Commit"/>; disposing without commit discards it.</summary>
public interface ISnapshotSink : IDisposable
{
    string Id { get; }

    Stream Stream { get; }

    /// <summary>Makes the snapshot durable and visible, then applies retention.</summary>
    SnapshotMetadata Commit();
}
