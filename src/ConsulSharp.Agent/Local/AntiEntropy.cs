using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Server.Rpc;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Local;

/// <summary>
/// Anti-entropy (Consul <c>agent/ae</c> + <c>local.State.SyncFull/SyncChanges</c>): pushes local services and checks
/// that are out of sync into the catalog as soon as they change, and on a full sync every <see cref="ScaledInterval"/>
/// compares the catalog's view of this node with local state — drift is repaired, and catalog services and checks
/// this agent does not know are removed (except the server's own <c>consul</c> service and <c>serfHealth</c>).
/// The catalog is read and written through <see cref="IServerRpc"/>: in-process on a server (writes forwarded to the
/// leader), over server RPC on a client agent.
/// </summary>
public sealed class AntiEntropy : IAsyncDisposable
{
    public static readonly TimeSpan BaseInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(15);

    private readonly LocalState _state;
    private readonly ConsulAgent _agent;
    private readonly IServerRpc? _server;
    private readonly ILogger _log;
    private readonly ILogger _stateLog;
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private readonly SemaphoreSlim _trigger = new(0, 1);
    private Task _loop = Task.CompletedTask;
    private int _knownNodes = 1;

    public AntiEntropy(LocalState state, ConsulAgent agent, IServerRpc? server, ILoggerFactory loggers)
    {
        _state = state;
        _agent = agent;
        _server = server;
        _log = loggers.CreateLogger("agent.anti_entropy");
        _stateLog = loggers.CreateLogger("agent"); // Consul's local state logs its syncs on the agent logger
        _state.Changed += Trigger;
    }

    /// <summary>Consul's scale factor: one interval up to 128 nodes, then one more per doubling.</summary>
    public static TimeSpan ScaledInterval(TimeSpan interval, int nodes)
    {
        const int threshold = 128;
        if (nodes <= threshold)
        {
            return interval;
        }

        var multiplier = (int)Math.Ceiling(Math.Log2(nodes) - Math.Log2(threshold)) + 1;
        return interval * multiplier;
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);

    public void Trigger()
    {
        try
        {
            if (_trigger.CurrentCount == 0)
            {
                _trigger.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Compares the catalog with local state, marks drift out of sync, removes unknown entries, then pushes.</summary>
    public async Task SyncFullAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            Log.NoServer(_log);
            return;
        }

        await _syncing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var node = _agent.Config.NodeName;
            var view = await _server.NodeCatalogAsync(node, cancellationToken).ConfigureAwait(false);
            _knownNodes = view.NodeCount;
            var remoteServices = view.Services;
            var remoteChecks = view.Checks;
            var (services, checks) = _state.SyncView();
            var localServices = services.ToDictionary(s => s.Service.Id, StringComparer.Ordinal);
            var localChecks = checks.ToDictionary(c => c.Check.CheckId, StringComparer.Ordinal);

            foreach (var remote in remoteServices)
            {
                if (!localServices.TryGetValue(remote.Id, out var local))
                {
                    if (remote.Id == "consul")
                    {
                        continue;
                    }

                    await DeregisterAsync(new DeregisterCommand { Node = node, ServiceId = remote.Id }, cancellationToken).ConfigureAwait(false);
                    Log.DeregisteredService(_stateLog, remote.Id);
                }
                else if (!local.Deleted && !local.Service.IsSame(remote with { Node = local.Service.Node }))
                {
                    _state.MarkServiceOutOfSync(remote.Id);
                }
            }

            foreach (var local in services.Where(s => !s.Deleted && remoteServices.All(r => r.Id != s.Service.Id)))
            {
                _state.MarkServiceOutOfSync(local.Service.Id);
            }

            foreach (var remote in remoteChecks)
            {
                if (!localChecks.TryGetValue(remote.CheckId, out var local))
                {
                    if (remote.CheckId == "serfHealth")
                    {
                        continue;
                    }

                    await DeregisterAsync(new DeregisterCommand { Node = node, CheckId = remote.CheckId }, cancellationToken).ConfigureAwait(false);
                    Log.DeregisteredCheck(_stateLog, remote.CheckId);
                }
                else if (!local.Deleted && !SameCheck(local.Check, remote))
                {
                    _state.MarkCheckOutOfSync(remote.CheckId);
                }
            }

            foreach (var local in checks.Where(c => !c.Deleted && remoteChecks.All(r => r.CheckId != c.Check.CheckId)))
            {
                _state.MarkCheckOutOfSync(local.Check.CheckId);
            }
        }
        finally
        {
            _syncing.Release();
        }

        await SyncChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pushes every out-of-sync entry: deletions first, then services, then checks.</summary>
    public async Task SyncChangesAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        await _syncing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var nodeName = _agent.Config.NodeName;
            var (services, checks) = _state.SyncView();
            foreach (var s in services.Where(s => s.Deleted))
            {
                await DeregisterAsync(new DeregisterCommand { Node = nodeName, ServiceId = s.Service.Id }, cancellationToken).ConfigureAwait(false);
                _state.MarkServiceSynced(s);
                Log.DeregisteredService(_stateLog, s.Service.Id);
            }

            foreach (var c in checks.Where(c => c.Deleted))
            {
                await DeregisterAsync(new DeregisterCommand { Node = nodeName, CheckId = c.Check.CheckId }, cancellationToken).ConfigureAwait(false);
                _state.MarkCheckSynced(c);
                Log.DeregisteredCheck(_stateLog, c.Check.CheckId);
            }

            var synced = new HashSet<string>(StringComparer.Ordinal);
            var pending = services.Where(s => !s.Deleted && !s.InSync).ToList();
            var pendingChecks = checks.Where(c => !c.Deleted && !c.InSync).ToList();
            if (pending.Count == 0 && pendingChecks.Count == 0)
            {
                return;
            }

            var view = await _server.NodeCatalogAsync(nodeName, cancellationToken).ConfigureAwait(false);
            var node = NodeRow(view.Node, out var skipNodeUpdate);
            foreach (var s in pending)
            {
                await RegisterAsync(new CatalogRegistration { Node = node, Service = s.Service, SkipNodeUpdate = skipNodeUpdate }, cancellationToken).ConfigureAwait(false);
                skipNodeUpdate = true;
                synced.Add(s.Service.Id);
                _state.MarkServiceSynced(s);
                Log.SyncedService(_stateLog, s.Service.Id);
            }

            foreach (var c in pendingChecks)
            {
                if (c.Check.ServiceId.Length > 0 && !synced.Contains(c.Check.ServiceId) && view.Services.All(s => s.Id != c.Check.ServiceId))
                {
                    continue; // its service is not in the catalog (yet): synced with the service
                }

                await RegisterAsync(new CatalogRegistration { Node = node, Checks = [c.Check], SkipNodeUpdate = skipNodeUpdate }, cancellationToken).ConfigureAwait(false);
                skipNodeUpdate = true;
                _state.MarkCheckSynced(c);
                Log.SyncedCheck(_stateLog, c.Check.CheckId);
            }
        }
        finally
        {
            _syncing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _state.Changed -= Trigger;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _syncing.Dispose();
        _trigger.Dispose();
    }

    /// <summary>Ignores what the catalog adds on its own (indexes, and Node/ServiceName/Tags filled from the service).</summary>
    private static bool SameCheck(HealthCheck local, HealthCheck remote) =>
        local.IsSame(remote with { Node = local.Node, ServiceName = local.ServiceName, ServiceTags = local.ServiceTags });

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextFull = _agent.Time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_agent.Time.GetUtcNow() >= nextFull)
                {
                    await SyncFullAsync(cancellationToken).ConfigureAwait(false);
                    var nodes = Math.Max(1, _knownNodes);
                    var interval = ScaledInterval(BaseInterval, nodes);
                    nextFull = _agent.Time.GetUtcNow() + interval + TimeSpan.FromTicks(Random.Shared.NextInt64(Math.Max(1, interval.Ticks / 16)));
                }
                else
                {
                    await SyncChangesAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is ConsulException or Raft.RaftException or InvalidOperationException or Grpc.Core.RpcException)
            {
                Log.SyncFailed(_log, ex.Message);
                nextFull = _agent.Time.GetUtcNow() + RetryInterval;
            }

            var wait = nextFull - _agent.Time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                using var timeout = new CancellationTokenSource(wait, _agent.Time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                try
                {
                    await _trigger.WaitAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
        }
    }

    private Node NodeRow(Node? current, out bool exists)
    {
        var config = _agent.Config;
        exists = current is not null;
        if (current is not null)
        {
            return current;
        }

        var addr = config.AdvertiseAddr.ToString();
        return new Node
        {
            Name = config.NodeName,
            Id = _agent.NodeId,
            Address = addr,
            Datacenter = config.Datacenter,
            TaggedAddresses = new Dictionary<string, string> { ["lan"] = addr, ["lan_ipv4"] = addr, ["wan"] = addr, ["wan_ipv4"] = addr },
            Meta = new Dictionary<string, string>(config.NodeMeta) { ["consul-network-segment"] = "", ["consul-version"] = "1.22.0" },
        };
    }

    private Task<object?> RegisterAsync(CatalogRegistration registration, CancellationToken cancellationToken) =>
        _server!.ApplyAsync(CommandCodec.Register(registration), cancellationToken);

    private Task<object?> DeregisterAsync(DeregisterCommand command, CancellationToken cancellationToken) =>
        _server!.ApplyAsync(CommandCodec.Deregister(command), cancellationToken);
}
