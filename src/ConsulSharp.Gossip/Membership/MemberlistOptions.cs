namespace ConsulSharp.Gossip.Membership;

/// <summary>
/// memberlist timing and behaviour knobs. Start from <see cref="Lan"/>, <see cref="Wan"/> or <see cref="Local"/> (the same
/// defaults as Go memberlist's DefaultLANConfig / DefaultWANConfig / DefaultLocalConfig) and adjust with <c>with</c>.
/// </summary>
public sealed record MemberlistOptions
{
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    public int IndirectChecks { get; init; } = 3;

    public int SuspicionMult { get; init; } = 4;

    public int SuspicionMaxTimeoutMult { get; init; } = 6;

    public int AwarenessMaxMultiplier { get; init; } = 8;

    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public int GossipNodes { get; init; } = 3;

    public TimeSpan GossipToTheDeadTime { get; init; } = TimeSpan.FromSeconds(30);

    public int RetransmitMult { get; init; } = 4;

    public TimeSpan PushPullInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan TcpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int UdpBufferSize { get; init; } = 1400;

    public bool EnableCompression { get; init; } = true;

    public bool DisableTcpPings { get; init; }

    /// <summary>0 = a dead node's name can never be reclaimed by a different address (memberlist default; Consul uses 30 s).</summary>
    public TimeSpan DeadNodeReclaimTime { get; init; } = TimeSpan.Zero;

    /// <summary>Reject unencrypted packets and streams when a keyring is configured.</summary>
    public bool GossipVerifyIncoming { get; init; } = true;

    /// <summary>Encrypt outgoing traffic when a keyring is configured.</summary>
    public bool GossipVerifyOutgoing { get; init; } = true;

    /// <summary>memberlist ≥ 0.3 label; empty = no label header (byte-identical to 0.2.x).</summary>
    public string Label { get; init; } = string.Empty;

    public static MemberlistOptions Lan { get; } = new();

    public static MemberlistOptions Wan { get; } = new()
    {
        TcpTimeout = TimeSpan.FromSeconds(30),
        SuspicionMult = 6,
        PushPullInterval = TimeSpan.FromSeconds(60),
        ProbeTimeout = TimeSpan.FromSeconds(3),
        ProbeInterval = TimeSpan.FromSeconds(5),
        GossipNodes = 4,
        GossipInterval = TimeSpan.FromMilliseconds(500),
        GossipToTheDeadTime = TimeSpan.FromSeconds(60),
    };

    public static MemberlistOptions Local { get; } = new()
    {
        TcpTimeout = TimeSpan.FromSeconds(1),
        IndirectChecks = 1,
        RetransmitMult = 2,
        SuspicionMult = 3,
        PushPullInterval = TimeSpan.FromSeconds(15),
        ProbeTimeout = TimeSpan.FromMilliseconds(200),
        ProbeInterval = TimeSpan.FromSeconds(1),
        GossipInterval = TimeSpan.FromMilliseconds(100),
        GossipToTheDeadTime = TimeSpan.FromSeconds(15),
    };
}
