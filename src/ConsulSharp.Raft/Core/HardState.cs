namespace ConsulSharp.Raft.Core;

/// <summary>What must survive a crash before a vote or term change is visible: current term and vote.</summary>
internal readonly record struct HardState(ulong Term, string? VotedFor);
