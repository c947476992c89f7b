namespace ConsulSharp.Raft.Core;

/// <summary>A released ReadIndex request: reads are linearizable once the state machine has applied <see cref="Index"/>.</summary>
internal readonly record struct ReadState(long RequestId, ulong Index);
