namespace ConsulSharp.Raft.Storage;

/// <summary>Stores state-machine snapshots; thread-safe (written by the apply loop and the transport, read by both).</summary>
public interface ISnapshotStore
{
    ISnapshotSink Create(ulong index, ulong term, RaftConfiguration configuration);

    /// <summary>Committed snapshots, newest (highest index) first.</summary>
    IReadOnlyList<SnapshotMetadata> List();

    /// <summary>Opens a snapshot's data, verified against its checksum.</summary>
    Stream Open(string id, out SnapshotMetadata metadata);
}
