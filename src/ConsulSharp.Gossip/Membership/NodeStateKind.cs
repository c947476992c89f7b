namespace ConsulSharp.Gossip.Membership;

/// <summary>memberlist node state; the numeric values are the push/pull wire values.</summary>
internal enum NodeStateKind
{
    Alive = 0,
    Suspect = 1,
    Dead = 2,
    Left = 3,
}
