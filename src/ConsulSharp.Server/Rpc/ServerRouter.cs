using System.Net;
using ConsulSharp.Core.Errors;
using ConsulSharp.Server.Cluster;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Rpc;

/// <summary>
/// A client agent's way to the servers (Consul's <c>agent/router</c>): the alive servers of its datacenter from the
/// LAN pool, one preferred server per agent (a random rotation, so clients spread over the servers), the next one on
/// a connection failure, for up to the hold time (<c>rpc_hold_timeout</c>); <c>No known Consul servers</c> when the
/// pool has none.
/// </summary>
public sealed class ServerRouter
{
    private readonly IClusterMembership _membership;
    private readonly RpcClientPool _pool;
    private readonly string _datacenter;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private int _offset = Random.Shared.Next(0, 1 << 20);

    public ServerRouter(IClusterMembership membership, RpcClientPool pool, string datacenter, TimeProvider time, ILogger log)
    {
        _membership = membership;
        _pool = pool;
        _datacenter = datacenter;
        _time = time;
        _log = log;
    }

    /// <summary>This agent's datacenter.</summary>
    public string Datacenter => _datacenter;

    /// <summary>How long a call keeps trying other servers after failures (Consul's rpc_hold_timeout).</summary>
    public TimeSpan HoldTimeout { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>The alive servers of this datacenter, in a stable order.</summary>
    public IReadOnlyList<IPEndPoint> Servers() =>
        _membership.LanMembers()
            .Where(m => m.IsServer && m.Status == ClusterMemberStatus.Alive && (m.Datacenter is null || m.Datacenter == _datacenter))
            .Select(m => m.RpcEndPoint)
            .OfType<IPEndPoint>()
            .OrderBy(e => e.ToString(), StringComparer.Ordinal)
            .ToList();

    /// <summary>The alive servers of <paramref name="datacenter"/> in the WAN pool (servers only; empty on clients), in a stable order.</summary>
    public IReadOnlyList<IPEndPoint> ServersIn(string datacenter) =>
        _membership.WanMembers()
            .Where(m => m.IsServer && m.Status == ClusterMemberStatus.Alive && string.Equals(m.Datacenter, datacenter, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.RpcEndPoint)
            .OfType<IPEndPoint>()
            .OrderBy(e => e.ToString(), StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Every datacenter this agent knows: its own and those of the WAN pool's servers, nearest first by the median
    /// estimated round trip to their servers (Consul's <c>GetDatacentersByDistance</c>), by name among equals and for
    /// datacenters without coordinates (after the measured ones).
    /// </summary>
    public IReadOnlyList<string> Datacenters()
    {
        var byDc = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal) { [_datacenter] = [] };
        foreach (var m in _membership.WanMembers())
        {
            if (!m.IsServer || m.Status != ClusterMemberStatus.Alive || m.Datacenter is not { Length: > 0 } dc)
            {
                continue;
            }

            if (!byDc.TryGetValue(dc, out var rtts))
            {
                byDc[dc] = rtts = [];
            }

            if (_membership.WanDistanceTo(m.Name) is { } rtt)
            {
                rtts.Add(rtt);
            }
        }

        return [.. byDc
            .Select(kv => (Name: kv.Key, Rtt: kv.Key == _datacenter ? TimeSpan.Zero : Median(kv.Value)))
            .OrderBy(d => d.Rtt ?? TimeSpan.MaxValue)
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => d.Name)];
    }

    private static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>
    /// Calls a server of another datacenter (through the WAN pool): one at random, then the others after connection
    /// failures; Consul's <c>No path to datacenter</c> when none is known.
    /// </summary>
    public async Task<T> InvokeInDatacenterAsync<T>(string datacenter, Func<Wire.ServerRpc.ServerRpcClient, CancellationToken, Task<T>> call, bool idempotent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var servers = ServersIn(datacenter).ToArray();
        if (servers.Length == 0)
        {
            throw ConsulException.Internal(Errors.NoPathToDatacenter);
        }

        Random.Shared.Shuffle(servers);
        for (var i = 0; ; i++)
        {
            try
            {
                return await call(_pool.For(servers[i]), cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested && RpcClientPool.CanRetry(ex, idempotent) && i + 1 < servers.Length)
            {
                Log.ServerRpcFailed(_log, servers[i].ToString(), ex.Status.Detail);
            }
        }
    }

    /// <summary>The server this agent talks to now, or null when it knows none.</summary>
    public IPEndPoint? Preferred()
    {
        var servers = Servers();
        return servers.Count == 0 ? null : servers[(int)((uint)Volatile.Read(ref _offset) % (uint)servers.Count)];
    }

    /// <summary>Moves on from a server that failed, so the next call goes to another one.</summary>
    public void NotifyFailed(IPEndPoint server)
    {
        if (Equals(Preferred(), server))
        {
            Interlocked.Increment(ref _offset);
        }
    }

    /// <summary>
    /// Calls a server: the preferred one, then others after failures that <see cref="RpcClientPool.CanRetry"/> allows
    /// (any broken connection for <paramref name="idempotent"/> calls, only refused connections for writes).
    /// </summary>
    public async Task<T> InvokeAsync<T>(Func<Wire.ServerRpc.ServerRpcClient, CancellationToken, Task<T>> call, bool idempotent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var giveUp = _time.GetUtcNow() + HoldTimeout;
        var failures = 0;
        while (true)
        {
            var server = Preferred() ?? throw ConsulException.Internal(RpcErrors.NoServers);
            try
            {
                return await call(_pool.For(server), cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested && RpcClientPool.CanRetry(ex, idempotent))
            {
                Log.ServerRpcFailed(_log, server.ToString(), ex.Status.Detail);
                NotifyFailed(server);
                failures++;
                if (_time.GetUtcNow() >= giveUp)
                {
                    throw ConsulException.Internal($"rpc error making call: {ex.Status.Detail}");
                }

                if (failures >= Servers().Count)
                {
                    // Every server failed once: pause before the next round, as Consul's client backs off.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * failures)), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
