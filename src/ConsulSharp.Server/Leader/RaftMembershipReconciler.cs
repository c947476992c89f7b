using ConsulSharp.Raft;
using ConsulSharp.Server.Cluster;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Leader;

/// <summary>
/// The leader's half of Consul's server membership (<c>leader.go</c> <c>joinConsulServer</c>/<c>removeConsulServer</c>
/// and autopilot's promotion): alive servers of this datacenter that are not in the Raft configuration are added as
/// non-voters, promoted to voters once they have caught up and stayed healthy for
/// <see cref="ServerOptions.ServerStabilizationTime"/>, and servers that left the pool are removed. With autopilot's
/// <c>CleanupDeadServers</c> (on by default), servers that stayed failed for
/// <see cref="ServerOptions.DeadServerCleanupDelay"/> are removed too, as long as that leaves a majority of the voters
/// and at least <c>MinQuorum</c> of them (raft-autopilot's rule). Runs on every LAN member change and periodically,
/// only while this server leads.
/// </summary>
public sealed partial class RaftMembershipReconciler : IAsyncDisposable
{
    /// <summary>How far behind the leader's last log index a non-voter may be and still count as caught up.</summary>
    public const ulong MaxTrailingLogs = 250;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PromotionPollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastContactThreshold = TimeSpan.FromSeconds(1);

    private readonly ConsulServer _server;
    private readonly IClusterMembership _membership;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly MemberChangeSignal _changed;
    private readonly Dictionary<string, DateTimeOffset> _healthySince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _failedSince = new(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    public RaftMembershipReconciler(ConsulServer server, IClusterMembership membership, ILogger log)
    {
        _server = server;
        _membership = membership;
        _log = log;
        _changed = new MemberChangeSignal(membership, server.Time);
    }

    public void Start()
    {
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _changed.Dispose();
    }

    /// <summary>One pass; returns true when a non-voter is waiting for promotion (the loop then polls sooner).</summary>
    internal async Task<bool> ReconcileAsync(CancellationToken cancellationToken)
    {
        var raft = _server.Raft;
        if (!raft.IsLeader)
        {
            return false;
        }

        var dc = _server.Options.Datacenter;
        var selfId = _server.Options.NodeId;
        var pending = false;
        foreach (var m in _membership.LanMembers())
        {
            if (!m.IsServer || m.Datacenter != dc || m.NodeId is not { Length: > 0 } id || id == selfId || m.RpcEndPoint is not { } endPoint)
            {
                continue;
            }

            var address = endPoint.ToString();
            var status = raft.Status;
            var config = status.Configuration;
            var existing = config.Find(id);
            switch (m.Status)
            {
                case ClusterMemberStatus.Alive when existing is null:
                    // A stale entry on the same address (a server that came back with a new node ID) goes first.
                    if (config.Servers.FirstOrDefault(s => s.Address == address && s.Id != selfId) is { } stale)
                    {
                        LogRemovingDuplicate(_log, stale.Id, address);
                        await raft.RemoveServerAsync(stale.Id, cancellationToken).ConfigureAwait(false);
                    }

                    LogAddingNonVoter(_log, m.Name, id, address);
                    await raft.AddNonVoterAsync(id, address, cancellationToken).ConfigureAwait(false);
                    _healthySince.Remove(id);
                    pending = true;
                    break;

                case ClusterMemberStatus.Alive when existing.Address != address:
                    // Same server, new address: re-add it (as a non-voter again, promoted once caught up).
                    LogAddressChanged(_log, m.Name, existing.Address, address);
                    await raft.RemoveServerAsync(id, cancellationToken).ConfigureAwait(false);
                    await raft.AddNonVoterAsync(id, address, cancellationToken).ConfigureAwait(false);
                    _healthySince.Remove(id);
                    pending = true;
                    break;

                case ClusterMemberStatus.Alive when existing.Suffrage == ServerSuffrage.Nonvoter:
                    pending = true;
                    if (IsStableAndCaughtUp(status, id))
                    {
                        LogPromoting(_log, m.Name, id);
                        await raft.AddVoterAsync(id, address, cancellationToken).ConfigureAwait(false);
                        _healthySince.Remove(id);
                    }

                    break;

                case ClusterMemberStatus.Left when existing is not null:
                    LogRemoving(_log, m.Name, id);
                    await raft.RemoveServerAsync(id, cancellationToken).ConfigureAwait(false);
                    _healthySince.Remove(id);
                    break;
            }
        }

        return await PruneDeadServersAsync(cancellationToken).ConfigureAwait(false) || pending;
    }

    /// <summary>Autopilot's dead-server cleanup; returns true while a failed server waits out its delay.</summary>
    private async Task<bool> PruneDeadServersAsync(CancellationToken cancellationToken)
    {
        var raft = _server.Raft;
        var autopilot = _server.State.Current.AutopilotConfig().Value ?? _server.Options.Autopilot;
        var now = _server.Time.GetUtcNow();
        var config = raft.Status.Configuration;
        var failed = _membership.LanMembers()
            .Where(m => m.IsServer && m.Status == ClusterMemberStatus.Failed && m.NodeId is { Length: > 0 } id
                && id != _server.Options.NodeId && config.Find(id) is not null)
            .ToList();
        foreach (var id in _failedSince.Keys.Where(id => failed.All(m => m.NodeId != id)).ToList())
        {
            _failedSince.Remove(id);
        }

        if (!autopilot.CleanupDeadServers || failed.Count == 0)
        {
            return false;
        }

        var due = new List<ClusterMember>();
        foreach (var m in failed)
        {
            if (!_failedSince.TryGetValue(m.NodeId!, out var since))
            {
                _failedSince[m.NodeId!] = since = now;
            }

            if (now - since >= _server.Options.DeadServerCleanupDelay)
            {
                due.Add(m);
            }
        }

        var voters = config.VoterCount;
        var failedVoters = due.Count(m => config.IsVoter(m.NodeId!));
        if (failedVoters > (voters - 1) / 2 || voters - failedVoters < (int)autopilot.MinQuorum)
        {
            LogTooManyDead(_log, failedVoters, voters);
            return false;
        }

        foreach (var m in due)
        {
            LogRemovingDead(_log, m.Name, m.NodeId!);
            await raft.RemoveServerAsync(m.NodeId!, cancellationToken).ConfigureAwait(false);
            _failedSince.Remove(m.NodeId!);
            _healthySince.Remove(m.NodeId!);
        }

        return due.Count < failed.Count;
    }

    private bool IsStableAndCaughtUp(RaftStatus status, string id)
    {
        var peer = status.Peers.FirstOrDefault(p => p.Id == id);
        var healthy = peer is not null
            && peer.MatchIndex + MaxTrailingLogs >= status.LastLogIndex
            && peer.LastContact is { } contact && contact <= LastContactThreshold;
        var now = _server.Time.GetUtcNow();
        if (!healthy)
        {
            _healthySince.Remove(id);
            return false;
        }

        if (!_healthySince.TryGetValue(id, out var since))
        {
            _healthySince[id] = since = now;
        }

        return now - since >= _server.Options.ServerStabilizationTime;
    }


    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var pending = false;
            try
            {
                pending = await ReconcileAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RaftException ex)
            {
                LogReconcileFailed(_log, ex.Message);
                pending = true; // retry soon (e.g. another configuration change was still in flight)
            }

            await _changed.WaitAsync(pending ? PromotionPollInterval : Interval, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3620, Level = LogLevel.Information, Message = "Adding server as a non-voter: server={Name} id={Id} address={Address}")]
    private static partial void LogAddingNonVoter(ILogger logger, string name, string id, string address);

    [LoggerMessage(EventId = 3621, Level = LogLevel.Information, Message = "Promoting server to voter: server={Name} id={Id}")]
    private static partial void LogPromoting(ILogger logger, string name, string id);

    [LoggerMessage(EventId = 3622, Level = LogLevel.Information, Message = "removing server by ID: server={Name} id={Id}")]
    private static partial void LogRemoving(ILogger logger, string name, string id);

    [LoggerMessage(EventId = 3623, Level = LogLevel.Information, Message = "removing server with duplicate address: id={Id} address={Address}")]
    private static partial void LogRemovingDuplicate(ILogger logger, string id, string address);

    [LoggerMessage(EventId = 3624, Level = LogLevel.Information, Message = "server address changed, re-adding it: server={Name} old={Old} new={New}")]
    private static partial void LogAddressChanged(ILogger logger, string name, string old, string @new);

    [LoggerMessage(EventId = 3626, Level = LogLevel.Information, Message = "Attempting removal of failed server node: name={Name} id={Id}")]
    private static partial void LogRemovingDead(ILogger logger, string name, string id);

    [LoggerMessage(EventId = 3627, Level = LogLevel.Warning, Message = "Failed to remove dead servers: too many dead servers: failed_voters={Failed} voters={Voters}")]
    private static partial void LogTooManyDead(ILogger logger, int failed, int voters);

    [LoggerMessage(EventId = 3625, Level = LogLevel.Error, Message = "failed to reconcile Raft membership: {Error}")]
    private static partial void LogReconcileFailed(ILogger logger, string error);
}
