namespace ConsulSharp.State;

/// <summary>What a state snapshot holds (<see cref="StateStore.InspectSnapshot"/>): the state's last index and per-section counts.</summary>
public sealed record SnapshotStats(ulong LastIndex, IReadOnlyList<SnapshotRecordStats> Records, long TotalSize);
