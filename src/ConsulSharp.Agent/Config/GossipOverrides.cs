namespace ConsulSharp.Agent.Config;

/// <summary><c>gossip_lan</c> / <c>gossip_wan</c>: each null value keeps the gossip library's LAN/WAN profile default.</summary>
public sealed record GossipOverrides
{
    public int? GossipNodes { get; init; }

    public TimeSpan? GossipInterval { get; init; }

    public TimeSpan? ProbeInterval { get; init; }

    public TimeSpan? ProbeTimeout { get; init; }

    public int? SuspicionMult { get; init; }

    public int? RetransmitMult { get; init; }
}
