using ConsulSharp.Gossip.Serf;

namespace ConsulSharp.Agent.Membership;

public sealed partial class AgentGossip
{
    /// <summary>
    /// Joins the LAN (or, on servers, the WAN) pool through the given addresses (<c>ip</c>, <c>ip:port</c>,
    /// <c>host:port</c>; the pool's own port when none). Returns how many agents were contacted; throws
    /// <see cref="InvalidOperationException"/> with the reasons when none could be.
    /// </summary>
    public async Task<int> JoinAsync(IReadOnlyList<string> addresses, bool wan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var pool = Pool(wan);
        var name = wan ? "WAN" : "LAN";
        Log.Joining(_log, name, wan ? "wan_addresses" : "lan_addresses", string.Join(' ', addresses));
        try
        {
            // Consul joins with ignoreOld: user events older than the join are not replayed.
            var n = await pool.JoinAsync(addresses, ignoreOld: true, cancellationToken).ConfigureAwait(false);
            Log.Joined(_log, name, n);
            return n;
        }
        catch (InvalidOperationException ex)
        {
            Log.JoinFailed(_log, name, ex.Message);
            throw;
        }
    }

    /// <summary>
    /// Consul's retry join (used for <c>-join</c> and <c>-retry-join</c>): every <paramref name="interval"/> until one
    /// attempt reaches at least one agent, or <paramref name="max"/> attempts failed (0 = forever).
    /// </summary>
    private async Task RetryJoinAsync(IReadOnlyList<string> addresses, bool wan, TimeSpan interval, int max, CancellationToken cancellationToken)
    {
        var name = wan ? "WAN" : "LAN";
        var cloud = addresses.Where(a => a.Contains("provider=", StringComparison.Ordinal)).ToList();
        var plain = addresses.Except(cloud).ToList();
        if (cloud.Count > 0)
        {
            Log.RetryJoinMethods(_log, name, "");
        }

        if (interval <= TimeSpan.Zero)
        {
            interval = TimeSpan.FromSeconds(30);
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                Log.JoiningCluster(_log, name);
                try
                {
                    var n = await JoinAsync(plain, wan, cancellationToken).ConfigureAwait(false);
                    Log.JoinCompleted(_log, name, n);
                    return;
                }
                catch (InvalidOperationException ex)
                {
                    if (max > 0 && attempt >= max)
                    {
                        Log.JoinRetryExhausted(_log, name);
                        return;
                    }

                    Log.JoinRetry(_log, name, Core.GoDuration.Format(interval), ex.Message);
                }

                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Graceful leave, as Consul's: the WAN pool first (servers), then the LAN pool; each broadcasts its leave intent
    /// and waits <see cref="LeavePropagateDelay"/>. Peers list this agent as <c>left</c>. Safe to call twice.
    /// </summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        var starting = _loggers.CreateLogger($"agent.{Role}");
        Log.StartingLeave(starting, Role);
        foreach (var (pool, name) in new[] { (Wan, "WAN"), (Lan, "LAN") })
        {
            if (pool is null)
            {
                continue;
            }

            try
            {
                await pool.LeaveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                Log.LeaveFailed(_log, name, ex.Message);
            }
        }
    }

    /// <summary>
    /// <c>force-leave</c>: moves a failed member to left (with <paramref name="prune"/>, erases it). Servers apply it to
    /// both pools (WAN name <c>node.dc</c>), as Consul does. Throws <see cref="KeyNotFoundException"/> with Consul's
    /// text when no such member is known.
    /// </summary>
    public async Task ForceLeaveAsync(string node, bool prune, bool wan, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        Log.ForceLeaving(_log, node);
        var dc = _agent.Config.Datacenter;
        if (wan)
        {
            var wanPool = Pool(wan: true);
            if (!wanPool.Members().Any(m => m.Name == node))
            {
                throw new KeyNotFoundException($"agent: No node found with name '{node}'");
            }

            await wanPool.RemoveFailedNodeAsync(node, prune, cancellationToken).ConfigureAwait(false);
            return;
        }

        var lan = Pool(wan: false);
        if (!lan.Members().Any(m => m.Name == node))
        {
            throw new KeyNotFoundException($"agent: No node found with name '{node}'");
        }

        await lan.RemoveFailedNodeAsync(node, prune, cancellationToken).ConfigureAwait(false);
        if (Wan is { } w)
        {
            var wanNode = node.EndsWith("." + dc, StringComparison.Ordinal) ? node : $"{node}.{dc}";
            if (w.Members().Any(m => m.Name == wanNode))
            {
                await w.RemoveFailedNodeAsync(wanNode, prune, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private SerfPool Pool(bool wan) => wan
        ? Wan ?? throw new InvalidOperationException(_agent.Config.ServerMode ? "WAN pool not started" : "Must be a server to join WAN cluster")
        : Lan ?? throw new InvalidOperationException("LAN pool not started");
}
