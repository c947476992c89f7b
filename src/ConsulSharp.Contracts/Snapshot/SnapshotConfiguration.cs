namespace ConsulSharp.Contracts.Snapshot;

/// <summary>The Raft configuration recorded in <c>meta.json</c>.</summary>
public sealed record SnapshotConfiguration
{
    public IReadOnlyList<SnapshotServer> Servers { get; init; } = [];
}
