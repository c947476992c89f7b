namespace ConsulSharp.Raft.Core;

/// <summary>A snapshot from the leader the shell must restore into the state machine, resetting the log after it.</summary>
internal sealed record SnapshotInstall(ulong Index, ulong Term, RaftConfiguration Configuration, string? SnapshotId);
