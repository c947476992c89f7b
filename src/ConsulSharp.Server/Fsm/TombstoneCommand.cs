namespace ConsulSharp.Server.Fsm;

/// <summary>Reaps KV tombstones up to an index (<see cref="MessageType.Tombstone"/>), proposed by the leader.</summary>
public sealed record TombstoneCommand(ulong ReapIndex);
