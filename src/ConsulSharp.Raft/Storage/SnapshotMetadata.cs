namespace ConsulSharp.Raft.Storage;

/// <summary>Describes a stored snapshot: the last log entry it includes and the configuration as of that entry.</summary>
public sealed record SnapshotMetadata(string Id, ulong Index, ulong Term, RaftConfiguration Configuration, long Size);
