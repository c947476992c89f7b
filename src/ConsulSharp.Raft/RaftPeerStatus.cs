namespace ConsulSharp.Raft;

/// <summary>The leader's view of one follower: how far its log matches and when it last answered (null: never).</summary>
public sealed record RaftPeerStatus(string Id, ulong MatchIndex, TimeSpan? LastContact);
