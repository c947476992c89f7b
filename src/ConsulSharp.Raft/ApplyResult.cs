namespace ConsulSharp.Raft;

/// <summary>A committed and applied command: its log index and what the state machine returned.</summary>
public readonly record struct ApplyResult(ulong Index, object? Response);
