namespace ConsulSharp.Raft;

/// <summary>The log position a user snapshot restore will take: the entry after the last one, in the leader's term.</summary>
internal sealed record RestoreReservation(ulong Index, ulong Term, RaftConfiguration Configuration);
