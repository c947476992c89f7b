namespace ConsulSharp.Raft.Core;

/// <summary>What a restarting node recovered from disk: hard state, latest snapshot's metadata and the log after it.</summary>
internal sealed record RaftCoreInitialState(
    HardState HardState,
    ulong SnapshotIndex,
    ulong SnapshotTerm,
    RaftConfiguration SnapshotConfiguration,
    IReadOnlyList<LogEntry> Entries)
{
    public static RaftCoreInitialState Empty { get; } = new(default, 0, 0, RaftConfiguration.Empty, []);
}
