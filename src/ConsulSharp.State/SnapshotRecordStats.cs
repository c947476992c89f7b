namespace ConsulSharp.State;

/// <summary>One section of a state snapshot: its record type name, row count and encoded size in bytes.</summary>
public sealed record SnapshotRecordStats(string Name, int Count, long Size);
