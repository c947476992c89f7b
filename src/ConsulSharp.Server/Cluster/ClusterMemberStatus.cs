namespace ConsulSharp.Server.Cluster;

/// <summary>A gossip member's status, numbered as serf numbers it (and as <c>/v1/agent/members</c> reports it).</summary>
public enum ClusterMemberStatus
{
    None = 0,
    Alive = 1,
    Leaving = 2,
    Left = 3,
    Failed = 4,
}
