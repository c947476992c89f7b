using System.Net;

namespace ConsulSharp.Server;

/// <summary>What server mode needs from the runtime config.</summary>
public sealed record ServerOptions
{
    public required string NodeId { get; init; }

    public required string NodeName { get; init; }

    public required string Datacenter { get; init; }

    /// <summary>Null runs Raft in memory (<c>-dev</c>).</summary>
    public string? DataDir { get; init; }

    public IPAddress BindAddr { get; init; } = IPAddress.Loopback;

    public IPAddress AdvertiseAddr { get; init; } = IPAddress.Loopback;

    /// <summary>Raft/RPC port (8300); 0 picks a free one.</summary>
    public int ServerPort { get; init; } = 8300;

    /// <summary>Bootstrap a one-voter cluster when there is no Raft state yet (<c>-bootstrap</c>, <c>-dev</c>).</summary>
    public bool Bootstrap { get; init; }

    public bool DevMode { get; init; }

    /// <summary><c>performance.raft_multiplier</c> when set: scales the Raft election timeout and heartbeat interval
    /// (1 = <see cref="Raft.RaftOptions"/>' defaults).</summary>
    public int RaftMultiplier { get; init; } = 1;

    /// <summary>The Raft node's options for this server: the defaults scaled by <see cref="RaftMultiplier"/>.</summary>
    public Raft.RaftOptions RaftOptions()
    {
        var defaults = new Raft.RaftOptions { Id = NodeId };
        var m = Math.Clamp(RaftMultiplier, 1, 10);
        return defaults with { ElectionTimeout = defaults.ElectionTimeout * m, HeartbeatInterval = defaults.HeartbeatInterval * m };
    }

    /// <summary><c>-bootstrap-expect</c>: bootstrap once this many servers of the datacenter are seen (0 = off).</summary>
    public int BootstrapExpect { get; init; }

    /// <summary>How long a request waits for a leader before answering <c>No cluster leader</c> (Consul: rpc_hold_timeout).</summary>
    public TimeSpan LeaderWait { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>How long a new server must stay caught up and in contact before the leader promotes it to voter
    /// (autopilot's <c>server_stabilization_time</c>).</summary>
    public TimeSpan ServerStabilizationTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a server must stay failed in the LAN pool before autopilot's dead-server cleanup removes it
    /// from the Raft configuration (Consul's autopilot acts on its next reconcile, every 10 s).</summary>
    public TimeSpan DeadServerCleanupDelay { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan SessionTtlMin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The agent config's <c>autopilot {}</c> block: in effect until an operator stores a configuration
    /// (<c>consul operator autopilot set-config</c>), as Consul seeds it from the config.</summary>
    public Core.Structs.AutopilotConfig Autopilot { get; init; } = Core.Structs.AutopilotConfig.Default;

    public IReadOnlyDictionary<string, string> NodeMeta { get; init; } = new Dictionary<string, string>();

    /// <summary><c>acl.enabled</c>: the leader then keeps the builtin policies, the anonymous token and the initial
    /// management token in the state store.</summary>
    public bool AclEnabled { get; init; }

    /// <summary><c>acl.tokens.initial_management</c>: the leader creates a global-management token with this secret.</summary>
    public string? AclInitialManagement { get; init; }
}
