namespace ConsulSharp.Gossip.Membership;

/// <summary>
/// Hooks memberlist calls into the layer above (serf). Called without memberlist's state lock held, possibly
/// concurrently from the receive, stream and timer paths.
/// </summary>
internal interface IMemberlistDelegate
{
    void NotifyMessage(ReadOnlySpan<byte> message);

    List<byte[]> GetBroadcasts(int overhead, int limit);

    byte[] LocalState(bool join);

    /// <summary>
    /// Merges the remote's user state from a push/pull. <paramref name="outdated"/>: nodes the remote listed dead or
    /// left at an older incarnation than the alive one we know (the remote has not seen them come back).
    /// </summary>
    void MergeRemoteState(ReadOnlySpan<byte> state, bool join, IReadOnlySet<string> outdated);

    /// <summary>Returns an error to refuse a push/pull merge (e.g. a node from another datacenter), else null.</summary>
    string? NotifyMerge(IReadOnlyList<MemberlistNode> peers);

    /// <summary>
    /// Returns an error to ignore an alive message about another node (memberlist's AliveDelegate; serf applies its
    /// merge check to the one member), else null. Called before the node table is touched, without the state lock.
    /// </summary>
    string? NotifyAlive(MemberlistNode node);

    void NotifyJoin(MemberlistNode node);

    void NotifyLeave(MemberlistNode node);

    void NotifyUpdate(MemberlistNode node);

    /// <summary>Payload for acks to pings (serf: its Vivaldi coordinate), or null.</summary>
    byte[]? AckPayload();

    /// <summary>A direct probe of <paramref name="node"/> was acked after <paramref name="rtt"/> with <paramref name="payload"/>.</summary>
    void NotifyPingComplete(MemberlistNode node, TimeSpan rtt, byte[]? payload);
}
