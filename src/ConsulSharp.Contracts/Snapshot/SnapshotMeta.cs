namespace ConsulSharp.Contracts.Snapshot;

/// <summary>
/// <c>meta.json</c> of a snapshot archive: the Raft metadata of the snapshot in hashicorp/raft's <c>SnapshotMeta</c>
/// JSON shape (field names as Consul writes them).
/// </summary>
public sealed record SnapshotMeta
{
    /// <summary>Snapshot format version (hashicorp/raft's <c>SnapshotVersion</c>; 1).</summary>
    public int Version { get; init; } = 1;

    public string ID { get; init; } = "";

    public ulong Index { get; init; }

    public ulong Term { get; init; }

    public SnapshotConfiguration Configuration { get; init; } = new();

    public ulong ConfigurationIndex { get; init; }

    /// <summary>Size of <c>state.bin</c> in bytes.</summary>
    public long Size { get; init; }
}
