using System.Globalization;
using System.Net;
using ConsulSharp.Agent.Config;
using ConsulSharp.Agent.Local;
using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Wire;
using ConsulSharp.Server;
using ConsulSharp.Server.Cluster;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Membership;

/// <summary>
/// The agent's gossip pools, as Consul runs them: a LAN pool on <c>serf_lan</c> for every agent and, on servers, a WAN
/// pool on <c>serf_wan</c> with members named <c>node.dc</c>. Tags are Consul's (<see cref="ConsulAgent.LanTags"/>),
/// with the bound ports when the config asked for port 0. Created unstarted (so the server can take it as its
/// <see cref="IClusterMembership"/>), bound by <see cref="StartAsync"/>, stopped abruptly by <see cref="DisposeAsync"/>
/// unless <see cref="LeaveAsync"/> ran first. Every pool's event channel is drained by a loop of its own.
/// </summary>
public sealed partial class AgentGossip : IClusterMembership, IAsyncDisposable
{
    /// <summary>Consul's delay after broadcasting a leave, so it reaches the pool before the sockets close.</summary>
    public static readonly TimeSpan LeavePropagateDelay = TimeSpan.FromSeconds(3);

    private readonly ConsulAgent _agent;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly Func<ConsulServer?> _server;
    private readonly LocalState? _local;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _disposed;

    public AgentGossip(ConsulAgent agent, ILoggerFactory loggers, TimeProvider time, Func<ConsulServer?>? server = null, LocalState? local = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        _agent = agent;
        _loggers = loggers;
        _time = time;
        _server = server ?? (static () => null);
        _local = local;
        _log = loggers.CreateLogger("agent");
        Events = new UserEventBuffer();
    }

    /// <summary>The LAN pool; null until <see cref="StartAsync"/>.</summary>
    public SerfPool? Lan { get; private set; }

    /// <summary>The WAN pool (servers only); null on clients and until <see cref="StartAsync"/>.</summary>
    public SerfPool? Wan { get; private set; }

    /// <summary>The last user events this agent received (Consul keeps 256), for <c>/v1/event/list</c>.</summary>
    public UserEventBuffer Events { get; }

    public event Action<ClusterMember>? LanMemberChanged;

    /// <summary>Raised (on the WAN loop's thread) when a WAN member joins, changes or leaves.</summary>
    public event Action<ClusterMember>? WanMemberChanged;

    private string Role => _agent.Config.ServerMode ? "server" : "client";

    public IReadOnlyList<ClusterMember> LanMembers() => Lan is { } lan ? [.. lan.Members().Select(ToCluster)] : [];

    public IReadOnlyList<ClusterMember> WanMembers() => Wan is { } wan ? [.. wan.Members().Select(ToCluster)] : [];

    /// <summary>The Vivaldi estimate from this server to a WAN member (serf's cached coordinate of it), if known.</summary>
    public TimeSpan? WanDistanceTo(string member) =>
        Wan is { } wan && wan.GetCachedCoordinate(member) is { IsValid: true } other && wan.GetCoordinate() is { IsValid: true } self
            ? self.DistanceTo(other)
            : null;

    /// <summary>Binds the pools (WAN first, so the LAN tags carry its real port) and starts the joins the config asks for.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var c = _agent.Config;
        var lanKeyring = LoadKeyring(c, "local.keyring");
        if (c.ServerMode)
        {
            var wanKeyring = LoadKeyring(c, "remote.keyring");
            Wan = await SerfPool.StartAsync(WanOptions(c, wanKeyring), new PoolLoggerFactory(_loggers, Role, "wan"), _time, cancellationToken).ConfigureAwait(false);
            Log.PoolStarted(_log, "WAN", Wan.LocalEndPoint.ToString());
            _loops.Add(Task.Run(() => DrainAsync(Wan, wan: true, _stop.Token), CancellationToken.None));
        }

        Lan = await SerfPool.StartAsync(LanOptions(c, lanKeyring), new PoolLoggerFactory(_loggers, Role, "lan"), _time, cancellationToken).ConfigureAwait(false);
        Log.PoolStarted(_log, "LAN", Lan.LocalEndPoint.ToString());
        _loops.Add(Task.Run(() => DrainAsync(Lan, wan: false, _stop.Token), CancellationToken.None));

        var lanJoin = c.StartJoin.Concat(c.RetryJoin).ToList();
        if (lanJoin.Count > 0)
        {
            _loops.Add(Task.Run(() => RetryJoinAsync(lanJoin, wan: false, c.RetryInterval, c.RetryMax, _stop.Token), CancellationToken.None));
        }

        var wanJoin = c.StartJoinWan.Concat(c.RetryJoinWan).ToList();
        if (c.ServerMode && wanJoin.Count > 0)
        {
            _loops.Add(Task.Run(() => RetryJoinAsync(wanJoin, wan: true, c.RetryIntervalWan, c.RetryMaxWan, _stop.Token), CancellationToken.None));
        }
    }

    /// <summary>The tags this agent gossips on the LAN: Consul's, with the bound WAN and server ports.</summary>
    internal Dictionary<string, string> LanTags()
    {
        var tags = _agent.LanTags();
        if (Wan is { } wan)
        {
            tags["wan_join_port"] = wan.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);
        }

        if (ServerPort() is { } port)
        {
            tags["port"] = port.ToString(CultureInfo.InvariantCulture);
        }

        return tags;
    }

    /// <summary>The tags a server gossips on the WAN: the LAN server tags without <c>wan_join_port</c>.</summary>
    internal Dictionary<string, string> WanTags()
    {
        var tags = LanTags();
        tags.Remove("wan_join_port");
        return tags;
    }

    private int? ServerPort()
    {
        if (!_agent.Config.ServerMode)
        {
            return null;
        }

        try
        {
            var address = _server()?.Raft.Address;
            var colon = address?.LastIndexOf(':') ?? -1;
            if (colon > 0 && int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0)
            {
                return port;
            }
        }
        catch (InvalidOperationException)
        {
            // The server has not started its Raft node: the configured port stands.
        }

        return null;
    }

    private SerfOptions LanOptions(RuntimeConfig c, Keyring? keyring)
    {
        var bind = c.DevMode ? IPAddress.Loopback : c.SerfBindAddrLan;
        return new SerfOptions
        {
            NodeName = c.NodeName,
            BindAddress = bind,
            BindPort = c.SerfLanPort,
            AdvertiseAddress = Advertise(c.AdvertiseAddr, bind),
            Tags = LanTags(),
            Keyring = keyring,
            Memberlist = Memberlist(MemberlistOptions.Lan, c.GossipLan, c),
            ProtocolVersion = 4,
            LeavePropagateDelay = LeavePropagateDelay,
            ReconnectTimeout = c.ReconnectTimeoutLan,
            SnapshotPath = SnapshotPath(c, "local.snapshot"),
            RejoinAfterLeave = c.RejoinAfterLeave,
            DisableCoordinates = c.DisableCoordinates,
            MergeFilter = members => LanMergeCheck(c, members),
        };
    }

    private SerfOptions WanOptions(RuntimeConfig c, Keyring? keyring)
    {
        var bind = c.DevMode ? IPAddress.Loopback : c.SerfBindAddrWan;
        return new SerfOptions
        {
            NodeName = $"{c.NodeName}.{c.Datacenter}",
            BindAddress = bind,
            BindPort = c.SerfWanPort,
            AdvertiseAddress = Advertise(c.AdvertiseAddrWan, bind),
            Tags = WanTags(),
            Keyring = keyring,
            Memberlist = Memberlist(MemberlistOptions.Wan, c.GossipWan, c),
            ProtocolVersion = 4,
            LeavePropagateDelay = LeavePropagateDelay,
            ReconnectTimeout = c.ReconnectTimeoutWan,
            SnapshotPath = SnapshotPath(c, "remote.snapshot"),
            RejoinAfterLeave = c.RejoinAfterLeave,
            DisableCoordinates = c.DisableCoordinates,
            MergeFilter = WanMergeCheck,
        };
    }

    private static IPAddress Advertise(IPAddress advertise, IPAddress bind) =>
        !advertise.Equals(IPAddress.Any) && !advertise.Equals(IPAddress.IPv6Any) ? advertise
        : !bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any) ? bind : IPAddress.Loopback;

    private static MemberlistOptions Memberlist(MemberlistOptions profile, GossipOverrides o, RuntimeConfig c) => profile with
    {
        GossipNodes = o.GossipNodes ?? profile.GossipNodes,
        GossipInterval = o.GossipInterval ?? profile.GossipInterval,
        ProbeInterval = o.ProbeInterval ?? profile.ProbeInterval,
        ProbeTimeout = o.ProbeTimeout ?? profile.ProbeTimeout,
        SuspicionMult = o.SuspicionMult ?? profile.SuspicionMult,
        RetransmitMult = o.RetransmitMult ?? profile.RetransmitMult,
        DeadNodeReclaimTime = TimeSpan.FromSeconds(30),
        GossipVerifyIncoming = c.EncryptVerifyIncoming,
        GossipVerifyOutgoing = c.EncryptVerifyOutgoing,
    };

    private static string? SnapshotPath(RuntimeConfig c, string file)
    {
        if (c.DevMode || string.IsNullOrEmpty(c.DataDir))
        {
            return null;
        }

        var dir = Path.Combine(c.DataDir, "serf");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, file);
    }

    /// <summary>
    /// Consul's LAN merge delegate (<c>agent/consul/merge.go</c>), applied to joins, push/pull and each alive message:
    /// refuses a member reusing this agent's node ID under another name, two members sharing a node ID (when both run
    /// a version that insists on unique IDs, 0.8.5+), agents and servers of another datacenter, and another network
    /// segment. Added here: a member with the name of an alive member (or of this agent) but a different node ID at
    /// another address, which Consul only meets later as a memberlist address conflict or a catalog error (the same
    /// address with a new ID is a restart and passes, as memberlist lets it).
    /// </summary>
    internal string? LanMergeCheck(RuntimeConfig c, IReadOnlyList<SerfMember> members)
    {
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        List<(string Name, string Id, System.Net.IPAddress Address, int Port)>? known = null;
        foreach (var m in members)
        {
            if (m.Tags.GetValueOrDefault("id") is { Length: > 0 } id)
            {
                if (m.Status == MemberStatus.Left)
                {
                    continue;
                }

                if (string.Equals(id, _agent.NodeId, StringComparison.OrdinalIgnoreCase) && m.Name != c.NodeName)
                {
                    return $"Member '{m.Name}' has conflicting node ID '{id}' with this agent's ID";
                }

                if (ids.TryGetValue(id, out var other))
                {
                    return $"Member '{m.Name}' has conflicting node ID '{id}' with member '{other}'";
                }

                if (InsistsOnUniqueId(m.Tags.GetValueOrDefault("build")))
                {
                    ids[id] = m.Name;
                }

                known ??= KnownNodeIds(c);
                foreach (var k in known)
                {
                    var sameId = string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase);
                    if (k.Name == m.Name ? !sameId && (!k.Address.Equals(m.Address) || k.Port != m.Port) : sameId && ids.ContainsKey(id))
                    {
                        return $"Member '{m.Name}' has conflicting node ID '{id}' with member '{k.Name}'";
                    }
                }
            }

            var role = m.Tags.GetValueOrDefault("role");
            if ((role == "node" || role == "consul") && m.Tags.GetValueOrDefault("dc") is { } dc && dc != c.Datacenter)
            {
                return $"Member '{m.Name}' part of wrong datacenter '{dc}'";
            }

            if (m.Tags.GetValueOrDefault("segment") is { Length: > 0 } segment)
            {
                return $"Member '{m.Name}' part of wrong segment '{segment}' (expected '')";
            }
        }

        return null;
    }

    /// <summary>The names, node IDs and gossip addresses of this agent and of the alive LAN members.</summary>
    private List<(string Name, string Id, System.Net.IPAddress Address, int Port)> KnownNodeIds(RuntimeConfig c)
    {
        var known = new List<(string, string, System.Net.IPAddress, int)>();
        foreach (var m in Lan?.Members() ?? [])
        {
            if (m.Status == MemberStatus.Alive && m.Tags.GetValueOrDefault("id") is { Length: > 0 } id)
            {
                known.Add((m.Name, m.Name == c.NodeName ? _agent.NodeId : id, m.Address, m.Port));
            }
        }

        return known;
    }

    /// <summary>Consul only compares node IDs of agents from 0.8.5 on (<c>build</c> tag <c>version:revision</c>).</summary>
    private static bool InsistsOnUniqueId(string? build)
    {
        if (build is null)
        {
            return false;
        }

        var end = build.AsSpan().IndexOfAny(":-+");
        return Version.TryParse(end < 0 ? build : build[..end], out var v) && v >= new Version(0, 8, 5);
    }

    /// <summary>Consul's WAN merge delegate: only servers named <c>node.dc</c>.</summary>
    private static string? WanMergeCheck(IReadOnlyList<SerfMember> members)
    {
        foreach (var m in members)
        {
            if (m.Tags.GetValueOrDefault("role") != "consul")
            {
                return $"Member '{m.Name}' is not a server";
            }

            var dot = m.Name.LastIndexOf('.');
            if (dot <= 0 || dot == m.Name.Length - 1)
            {
                return $"Member '{m.Name}' has an invalid name format";
            }

            if (m.Tags.GetValueOrDefault("dc") is { } dc && dc != m.Name[(dot + 1)..])
            {
                return $"Member '{m.Name}' has mismatched Datacenter ('{m.Name[(dot + 1)..]}' != '{dc}')";
            }
        }

        return null;
    }

    internal static ClusterMember ToCluster(SerfMember m) => new(m.Name, m.Address, m.Port, m.Tags, (ClusterMemberStatus)(int)m.Status);

    private async Task DrainAsync(SerfPool pool, bool wan, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in pool.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    Dispatch(e, wan);
                }
#pragma warning disable CA1031 // a subscriber's bug must not stop the loop that drains the pool's unbounded channel
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.EventLoopFailed(_log, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Dispatch(SerfEvent e, bool wan)
    {
        switch (e)
        {
            case MemberEvent m:
                var handler = wan ? WanMemberChanged : LanMemberChanged;
                foreach (var member in m.Members)
                {
                    handler?.Invoke(ToCluster(member));
                }

                break;
            case UserEvent u when !wan:
                HandleUserEvent(u);
                break;
            default:
                break;
        }
    }

    /// <summary>Stops both pools without leaving: peers will see this agent fail.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Lan is not null)
        {
            await Lan.DisposeAsync().ConfigureAwait(false);
        }

        if (Wan is not null)
        {
            await Wan.DisposeAsync().ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
