namespace ConsulSharp.Gossip.Serf;

/// <summary>serf member status (same names and values as serf's <c>MemberStatus</c>).</summary>
public enum MemberStatus
{
    None = 0,
    Alive = 1,
    Leaving = 2,
    Left = 3,
    Failed = 4,
}
