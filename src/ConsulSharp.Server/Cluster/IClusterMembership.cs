namespace ConsulSharp.Server.Cluster;

/// <summary>
/// The gossip pools as the server layer and the RPC router see them. Implemented over serf by the agent; a static,
/// settable implementation serves tests and single agents. Leader reconciliation, <c>-bootstrap-expect</c> and
/// client-mode server discovery all read membership through this, never through the gossip library directly.
/// </summary>
public interface IClusterMembership
{
    /// <summary>This agent's LAN pool (every agent of the datacenter), this agent included.</summary>
    IReadOnlyList<ClusterMember> LanMembers();

    /// <summary>The WAN pool (servers of every datacenter, named <c>node.dc</c>); empty on client agents.</summary>
    IReadOnlyList<ClusterMember> WanMembers();

    /// <summary>The estimated round trip to a WAN member (by its <c>node.dc</c> name) from network coordinates, or
    /// null when unknown (no coordinates, or not a WAN member).</summary>
    TimeSpan? WanDistanceTo(string member) => null;

    /// <summary>Raised (on any thread) when a LAN member joins, changes tags or status, or is reaped.</summary>
    event Action<ClusterMember>? LanMemberChanged;
}
