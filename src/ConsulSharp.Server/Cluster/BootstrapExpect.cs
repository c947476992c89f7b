using ConsulSharp.Raft;
using ConsulSharp.Server.Rpc.Wire;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Cluster;

/// <summary>
/// <c>-bootstrap-expect N</c> (Consul's <c>maybeBootstrap</c>): once N alive servers of this datacenter are visible in
/// the LAN pool, all advertising the same <c>expect</c>, and none of them reports existing Raft peers, every one of them
/// bootstraps Raft with the same full configuration (node IDs as Raft IDs, RPC addresses). Identical configurations
/// written at index 1 by each server are one cluster, not several, whatever order the servers start in. A server that
/// already has Raft state never bootstraps again.
/// </summary>
public sealed partial class BootstrapExpect : IAsyncDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly ConsulServer _server;
    private readonly IClusterMembership _membership;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly MemberChangeSignal _changed;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    public BootstrapExpect(ConsulServer server, IClusterMembership membership, ILogger log)
    {
        _server = server;
        _membership = membership;
        _log = log;
        _changed = new MemberChangeSignal(membership, server.Time);
    }

    /// <summary>Completes once this server bootstrapped (true) or decided not to (false: Raft state, or peers elsewhere).</summary>
    public Task<bool> Outcome => _outcome.Task;

    private readonly TaskCompletionSource<bool> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Start()
    {
        if (HasRaftState(_server.Status))
        {
            LogRaftDataFound(_log);
            _outcome.TrySetResult(false);
            return;
        }

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

        _outcome.TrySetCanceled();
        _stop.Dispose();
        _changed.Dispose();
    }

    private static bool HasRaftState(RaftStatus status) =>
        status.Configuration.Servers.Count > 0 || status.LastLogIndex > 0 || status.LastSnapshotIndex > 0;


    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            bool? outcome;
            try
            {
                outcome = await TryBootstrapAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RaftException ex)
            {
                LogBootstrapFailed(_log, ex.Message);
                outcome = null;
            }

            if (outcome is { } done)
            {
                _changed.Dispose(); // no more wake-ups needed
                _outcome.TrySetResult(done);
                return;
            }

            await _changed.WaitAsync(RetryInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One attempt: null = not yet (retry on the next change), true = bootstrapped, false = bootstrap is off.</summary>
    private async Task<bool?> TryBootstrapAsync(CancellationToken cancellationToken)
    {
        var expect = _server.Options.BootstrapExpect;
        if (HasRaftState(_server.Status))
        {
            return false; // a leader added this server meanwhile
        }

        var dc = _server.Options.Datacenter;
        var servers = _membership.LanMembers()
            .Where(m => m.IsServer && m.Datacenter == dc && m.Status == ClusterMemberStatus.Alive)
            .ToList();
        foreach (var m in servers)
        {
            if (m.Expect != 0 && m.Expect != expect)
            {
                LogConflictingExpect(_log, m.Name);
                return null;
            }
        }

        if (servers.Count < expect)
        {
            return null;
        }

        var selfId = _server.Options.NodeId;
        var peers = new List<RaftServer>(servers.Count);
        foreach (var m in servers)
        {
            if (m.NodeId is not { Length: > 0 } id || m.RpcEndPoint is not { } endPoint)
            {
                LogMissingTags(_log, m.Name);
                return null;
            }

            if (id == selfId)
            {
                peers.Add(new RaftServer(id, _server.Raft.Address));
                continue;
            }

            // Consul's safety net: a server that already has peers means a cluster exists; join it, never make another.
            try
            {
                var reply = await _server.RpcClients.For(endPoint).RaftPeersAsync(new RaftPeersRequest(), deadline: (_server.Time.GetUtcNow() + ProbeTimeout).UtcDateTime, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (reply.Peers.Count > 0)
                {
                    LogExistingPeers(_log, m.Name);
                    return false;
                }
            }
            catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
            {
                LogProbeFailed(_log, m.Name, ex.Status.Detail);
                return null;
            }

            peers.Add(new RaftServer(id, endPoint.ToString()));
        }

        if (peers.All(p => p.Id != selfId))
        {
            return null; // this server is not in the pool yet
        }

        LogAttempting(_log, string.Join(",", peers.Select(p => $"{p.Id}:{p.Address}")));
        var bootstrapped = await _server.Raft.BootstrapAsync(new RaftConfiguration(peers), cancellationToken).ConfigureAwait(false);
        if (!bootstrapped)
        {
            LogRaftDataFound(_log);
        }

        return bootstrapped;
    }

    [LoggerMessage(EventId = 3600, Level = LogLevel.Information, Message = "Raft data found, disabling bootstrap mode")]
    private static partial void LogRaftDataFound(ILogger logger);

    [LoggerMessage(EventId = 3601, Level = LogLevel.Error, Message = "Member {Name} has a conflicting expect value. All nodes should expect the same number.")]
    private static partial void LogConflictingExpect(ILogger logger, string name);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Warning, Message = "Existing Raft peers reported by server, disabling bootstrap mode: server={Name}")]
    private static partial void LogExistingPeers(ILogger logger, string name);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Error, Message = "Failed to confirm peer status for server (will retry): server={Name} error={Error}")]
    private static partial void LogProbeFailed(ILogger logger, string name, string error);

    [LoggerMessage(EventId = 3604, Level = LogLevel.Information, Message = "Found expected number of peers, attempting bootstrap: {Peers}")]
    private static partial void LogAttempting(ILogger logger, string peers);

    [LoggerMessage(EventId = 3605, Level = LogLevel.Error, Message = "failed to bootstrap cluster: {Error}")]
    private static partial void LogBootstrapFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3606, Level = LogLevel.Warning, Message = "server has no node ID or RPC port tag, cannot bootstrap with it yet: server={Name}")]
    private static partial void LogMissingTags(ILogger logger, string name);
}
