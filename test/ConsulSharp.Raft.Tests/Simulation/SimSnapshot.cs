using ConsulSharp.Raft;

namespace ConsulSharp.Raft.Tests.Simulation;

/// <summary>A simulated snapshot: metadata plus the (tiny) state of the simulated state machine.</summary>
internal sealed record SimSnapshot(ulong Index, ulong Term, RaftConfiguration Configuration, ulong FsmIndex, ulong FsmHash);
