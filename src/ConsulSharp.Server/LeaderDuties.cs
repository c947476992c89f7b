using System.Collections.Concurrent;
using System.Globalization;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server;

/// <summary>
/// Work only the leader does, started when it gains leadership and stopped when it loses it, so the next leader
/// resumes it: keep this server's own catalog entry (node, <c>serfHealth</c>, the <c>consul</c> service), expire
/// sessions whose TTL lapsed (with Consul's 2x grace), and reap KV tombstones that no blocking query needs any more.
/// </summary>
public sealed partial class LeaderDuties(ConsulServer server, ServerOptions options, TimeProvider time, ILogger log)
{
    public static readonly TimeSpan TombstoneTtl = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan TombstoneGranularity = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, ITimer> _sessionTimers = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset At, ulong Index)> _tombstoneMarks = new();
    private CancellationTokenSource? _cts;
    private Task _loop = Task.CompletedTask;

    public void Start()
    {
        var cts = new CancellationTokenSource();
        var previous = Interlocked.Exchange(ref _cts, cts);
        previous?.Cancel();
        _loop = Task.Run(() => RunAsync(cts.Token), CancellationToken.None);
    }

    public async Task StopAsync()
    {
        var cts = Interlocked.Exchange(ref _cts, null);
        if (cts is null)
        {
            return;
        }

        await cts.CancelAsync().ConfigureAwait(false);
        foreach (var (_, timer) in _sessionTimers)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        _sessionTimers.Clear();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        cts.Dispose();
    }

    /// <summary>(Re)arms a session's TTL timer: called on create and renew, and for every session when leadership starts.</summary>
    public void ResetSessionTimer(string sessionId, string ttl)
    {
        if (_cts is not { IsCancellationRequested: false } || !TryParseTtl(ttl, out var duration) || duration <= TimeSpan.Zero)
        {
            return;
        }

        var grace = duration * 2;
        var timer = time.CreateTimer(_ => _ = ExpireSessionAsync(sessionId), null, grace, Timeout.InfiniteTimeSpan);
        if (_sessionTimers.TryGetValue(sessionId, out var old))
        {
            old.Dispose();
        }

        _sessionTimers[sessionId] = timer;
    }

    public void ClearSessionTimer(string sessionId)
    {
        if (_sessionTimers.TryRemove(sessionId, out var t))
        {
            t.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await server.Raft.BarrierAsync(cancellationToken).ConfigureAwait(false);
            server.MarkReadyForReads();
            if (options.AclEnabled)
            {
                await InitializeAclsAsync(cancellationToken).ConfigureAwait(false);
            }
            LogRoutine(log, "session timers");
            foreach (var s in server.State.Current.Sessions().Value)
            {
                ResetSessionTimer(s.Id, s.Ttl);
            }

            await ReconcileSelfAsync(cancellationToken).ConfigureAwait(false);
            _ = Leader.CatalogReconciler.Start(server, time, log, cancellationToken);
            LogRoutine(log, "tombstone reaping");
            using var ticker = new PeriodicTimer(TombstoneGranularity, time);
            while (await ticker.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await ReapTombstonesAsync(cancellationToken).ConfigureAwait(false);
                if (options.AclEnabled)
                {
                    await new Endpoints.AclService(server, log).ReapExpiredTokensAsync(cancellationToken).ConfigureAwait(false);
                }
                await ReconcileSelfAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is ConsulException or Raft.RaftException)
        {
            LogDutyFailed(log, ex.Message);
        }
    }

    /// <summary>Consul's <c>initializeACLs</c>: builtin policies, initial management and anonymous tokens.</summary>
    private async Task InitializeAclsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await new Endpoints.AclService(server, log).InitializeAsync(options.AclInitialManagement, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulException ex)
        {
            LogDutyFailed(log, ex.Message);
        }
    }

    /// <summary>Registers this server in the catalog (node, serfHealth, consul service) unless it is already there as is.</summary>
    internal async Task ReconcileSelfAsync(CancellationToken cancellationToken)
    {
        var snap = server.State.Current;
        var node = new Node
        {
            Name = options.NodeName,
            Id = options.NodeId,
            Address = options.AdvertiseAddr.ToString(),
            Datacenter = options.Datacenter,
            TaggedAddresses = new Dictionary<string, string>
            {
                ["lan"] = options.AdvertiseAddr.ToString(),
                ["lan_ipv4"] = options.AdvertiseAddr.ToString(),
                ["wan"] = options.AdvertiseAddr.ToString(),
                ["wan_ipv4"] = options.AdvertiseAddr.ToString(),
            },
            Meta = new Dictionary<string, string>(options.NodeMeta) { ["consul-network-segment"] = "", ["consul-version"] = "1.22.0" },
        };
        var port = server.Raft.Address.Split(':')[^1];
        var service = new ServiceInstance
        {
            Node = options.NodeName,
            Id = "consul",
            Name = "consul",
            Port = int.Parse(port, CultureInfo.InvariantCulture),
            Weights = new ServiceWeights(1, 1),
            Meta = new Dictionary<string, string>
            {
                ["raft_version"] = "3",
                ["serf_protocol_current"] = "2",
                ["serf_protocol_max"] = "5",
                ["serf_protocol_min"] = "1",
                ["version"] = "1.22.0",
                ["non_voter"] = "false",
                ["read_replica"] = "false",
            },
        };
        var check = new HealthCheck
        {
            Node = options.NodeName,
            CheckId = "serfHealth",
            Name = "Serf Health Status",
            Status = HealthStatus.Passing,
            Output = "Agent alive and reachable",
        };

        var existingNode = snap.GetNode(options.NodeName).Value;
        var existingService = snap.GetNodeService(options.NodeName, "consul").Value;
        var existingCheck = snap.GetCheck(options.NodeName, "serfHealth").Value;
        if (existingNode is not null && existingNode.IsSame(node)
            && existingService is not null && existingService.Port == service.Port
            && existingCheck is not null && existingCheck.Status == HealthStatus.Passing)
        {
            return;
        }

        await server.ApplyAsync(CommandCodec.Register(new CatalogRegistration { Node = node, Service = service, Checks = [check] }), cancellationToken).ConfigureAwait(false);
        LogSelfRegistered(log, options.NodeName);
    }

    private async Task ReapTombstonesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tombstones = server.State.Current.Tombstones();
        if (tombstones.Count > 0)
        {
            _tombstoneMarks.Enqueue((now, tombstones.Max(t => t.Index)));
        }

        ulong reapTo = 0;
        while (_tombstoneMarks.Count > 0 && now - _tombstoneMarks.Peek().At >= TombstoneTtl)
        {
            reapTo = Math.Max(reapTo, _tombstoneMarks.Dequeue().Index);
        }

        if (reapTo > 0)
        {
            await server.ApplyAsync(CommandCodec.Tombstone(new TombstoneCommand(reapTo)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExpireSessionAsync(string sessionId)
    {
        var cts = _cts;
        if (cts is null || cts.IsCancellationRequested)
        {
            return;
        }

        _sessionTimers.TryRemove(sessionId, out _);
        var session = server.State.Current.GetSession(sessionId).Value;
        if (session is null)
        {
            return;
        }

        try
        {
            await server.ApplyAsync(CommandCodec.Session(new SessionCommand { Op = "destroy", Session = session }), cts.Token).ConfigureAwait(false);
            LogSessionExpired(log, sessionId);
        }
        catch (Exception ex) when (ex is ConsulException or OperationCanceledException or Raft.RaftException)
        {
            LogDutyFailed(log, ex.Message);
        }
    }

    internal static bool TryParseTtl(string ttl, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        return !string.IsNullOrEmpty(ttl) && Core.GoDuration.TryParse(ttl, out duration);
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "started routine: routine=\"{Routine}\"")]
    private static partial void LogRoutine(ILogger logger, string routine);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "member joined, marking health alive: member={Member}")]
    private static partial void LogSelfRegistered(ILogger logger, string member);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Session TTL expired: session={Session}")]
    private static partial void LogSessionExpired(ILogger logger, string session);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "leader duty failed: error={Error}")]
    private static partial void LogDutyFailed(ILogger logger, string error);
}
