using System.Net;
using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Serf;

/// <summary>Configuration of one serf pool (Consul: one for LAN, one for WAN). Defaults are serf's.</summary>
public sealed record SerfOptions
{
    /// <summary>Unique node name in the pool (Consul WAN: "node.dc").</summary>
    public required string NodeName { get; init; }

    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>UDP and TCP port; 0 picks a free one (read it back from <see cref="SerfPool.LocalEndPoint"/>).</summary>
    public int BindPort { get; init; } = 7946;

    /// <summary>Address advertised to peers; defaults to the bind address (loopback when binding to any).</summary>
    public IPAddress? AdvertiseAddress { get; init; }

    public int AdvertisePort { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Gossip encryption keys (primary first); null = plaintext.</summary>
    public Keyring? Keyring { get; init; }

    public MemberlistOptions Memberlist { get; init; } = MemberlistOptions.Lan;

    /// <summary>serf protocol spoken (2..5). Consul uses 4; the serf agent 5.</summary>
    public byte ProtocolVersion { get; init; } = 4;

    public TimeSpan BroadcastTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan LeavePropagateDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReapInterval { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ReconnectTimeout { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan TombstoneTimeout { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan RecentIntentTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public int EventBuffer { get; init; } = 512;

    public int QueryBuffer { get; init; } = 512;

    public int QueryTimeoutMult { get; init; } = 16;

    public int QueryResponseSizeLimit { get; init; } = 1024;

    public int QuerySizeLimit { get; init; } = 1024;

    public int UserEventSizeLimit { get; init; } = 512;

    /// <summary>
    /// Snapshot file (Consul: serf/local.snapshot). When set, Lamport clocks are restored at start and previously alive
    /// members are rejoined in the background (unless the last run left gracefully and <see cref="RejoinAfterLeave"/> is false).
    /// </summary>
    public string? SnapshotPath { get; init; }

    public bool RejoinAfterLeave { get; init; }

    /// <summary>Do not exchange Vivaldi coordinates in ack payloads.</summary>
    public bool DisableCoordinates { get; init; }

    /// <summary>
    /// Optional veto on push/pull merges (joins and anti-entropy): return an error message to refuse the remote
    /// members (Consul refuses other datacenters), or null to accept. As serf's merge delegate, it also vets each alive
    /// message about another node (one member; refused ones are ignored and logged). Members that left carry
    /// <see cref="MemberStatus.Left"/>. Called concurrently, without the pool's locks.
    /// </summary>
    public Func<IReadOnlyList<SerfMember>, string?>? MergeFilter { get; init; }
}
