using System.Net;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;
using ConsulSharp.Raft.Transport;
using ConsulSharp.Server.Cluster;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Server.Leader;
using ConsulSharp.Server.Rpc;
using ConsulSharp.Server.Rpc.Wire;
using Grpc.Core;
using ConsulSharp.State;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server;

/// <summary>
/// Server mode: the Raft node, the FSM and the state store, and the two paths every endpoint uses — writes through
/// <see cref="ApplyAsync"/> (Raft, then the FSM's response) and reads through <see cref="QueryAsync{T}"/> (one
/// immutable state version, blocking on the watches the query touched).
/// </summary>
public sealed partial class ConsulServer : IAsyncDisposable
{
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggers;
    private int _blockingQueries;
    private readonly CancellationTokenSource _stop = new();
    private readonly LeaderDuties _leader;
    private readonly RpcClientPool _rpc;
    private readonly bool _ownsRpc;
    private static readonly StaticClusterMembership NoMembership = new();
    private readonly IClusterMembership? _membership;
    private readonly IForwardedRequestHandler? _forwarded;
    private RaftNode? _raft;
    private IRaftTransport? _transport;
    private RpcListener? _listener;
    private BootstrapExpect? _bootstrapExpect;
    private RaftMembershipReconciler? _raftMembership;
    private int _disposed;
    private TaskCompletionSource _readyForReads = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConsulServer(ServerOptions options, TimeProvider time, ILoggerFactory loggers)
        : this(options, time, loggers, null, null, null)
    {
    }

    /// <summary>Server mode with server RPC: <paramref name="rpcClients"/> reaches other servers, <paramref name="membership"/>
    /// drives <c>-bootstrap-expect</c> and the leader's Raft membership, <paramref name="forwardedRequests"/> runs HTTP
    /// requests other agents forward here.</summary>
    public ConsulServer(ServerOptions options, TimeProvider time, ILoggerFactory loggers, RpcClientPool? rpcClients, IClusterMembership? membership, IForwardedRequestHandler? forwardedRequests)
    {
        _rpc = rpcClients ?? new RpcClientPool();
        _ownsRpc = rpcClients is null;
        _membership = membership;
        _forwarded = forwardedRequests;
        _options = options;
        _time = time;
        _loggers = loggers;
        _log = loggers.CreateLogger("agent.server");
        State = new StateStore(time);
        Fsm = new ConsulFsm(State, loggers.CreateLogger("agent.server.fsm"));
        _leader = new LeaderDuties(this, options, time, loggers.CreateLogger("agent.leader"));
    }

    public StateStore State { get; }

    public ConsulFsm Fsm { get; }

    public ServerOptions Options => _options;

    public LeaderDuties Leader => _leader;

    public TimeProvider Time => _time;

    public RaftNode Raft => _raft ?? throw new InvalidOperationException("server not started");

    public RaftStatus Status => Raft.Status;

    public bool IsLeader => _raft?.IsLeader == true;

    /// <summary>The bound server RPC endpoint (the <c>port</c> tag gossip advertises), or null in memory (<c>-dev</c>).</summary>
    public IPEndPoint? RpcEndPoint => _listener?.EndPoint;

    /// <summary>True when this server can reach others over server RPC (it has an RPC listener, i.e. not <c>-dev</c>).</summary>
    public bool RpcEnabled => _listener is not null;

    public RpcClientPool RpcClients => _rpc;

    /// <summary>The LAN/WAN gossip view (serf on agents; an empty static one when none is given) the leader reconciles.</summary>
    public IClusterMembership Membership => _membership ?? NoMembership;

    public CancellationToken Stopping => _stop.Token;

    /// <summary>Raft and gRPC share the server port: the listener is bound first, Raft advertises its bound address.</summary>
    private async Task<TcpRaftTransport> ListenAsync(CancellationToken cancellationToken)
    {
        _listener = await RpcListener.StartAsync(new IPEndPoint(_options.BindAddr, _options.ServerPort), new ServerRpcService(this, _forwarded), _loggers, cancellationToken).ConfigureAwait(false);
        var tcp = new TcpRaftTransport(new IPEndPoint(_options.AdvertiseAddr, _listener.EndPoint.Port).ToString(), _time, _loggers.CreateLogger("agent.server.raft.transport"));
        _listener.RaftTransport = tcp;
        return tcp;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        RaftStorage storage;
        RaftOptions raftOptions;
        if (_options.DevMode && _options.ServerPort > 0)
        {
            // -dev: data in memory, but the server port listens as Consul's dev agent does, so client agents can
            // join it and reach it over RPC.
            storage = RaftStorage.InMemory();
            _transport = await ListenAsync(cancellationToken).ConfigureAwait(false);
            raftOptions = RaftOptions.Local(_options.NodeId);
        }
        else if (_options.DevMode || _options.DataDir is null)
        {
            storage = RaftStorage.InMemory();
            var network = new InMemoryNetwork();
            _transport = network.CreateTransport($"{_options.AdvertiseAddr}:{_options.ServerPort}");
            raftOptions = RaftOptions.Local(_options.NodeId);
        }
        else
        {
            var dir = Path.Combine(_options.DataDir, "raft");
            Directory.CreateDirectory(dir);
            storage = RaftStorage.OpenDirectory(dir);
            _transport = await ListenAsync(cancellationToken).ConfigureAwait(false);
            raftOptions = _options.RaftOptions();
        }

        _raft = new RaftNode(raftOptions, storage, _transport, Fsm, _time, _loggers.CreateLogger<RaftNode>());
        _raft.LeadershipChanged += OnLeadershipChanged;
        await _raft.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_options.Bootstrap)
        {
            var config = new RaftConfiguration([new RaftServer(_options.NodeId, _raft.Address, ServerSuffrage.Voter)]);
            var bootstrapped = await _raft.BootstrapAsync(config, cancellationToken).ConfigureAwait(false);
            if (bootstrapped)
            {
                LogBootstrapped(_log, _raft.Address);
            }
        }
        else if (_options.BootstrapExpect > 0 && _membership is not null && _listener is not null)
        {
            _bootstrapExpect = new BootstrapExpect(this, _membership, _loggers.CreateLogger("agent.server"));
            _bootstrapExpect.Start();
        }
    }

    /// <summary>
    /// Proposes a command and returns the FSM's response once it is committed and applied on the leader. A follower
    /// forwards the command to the leader over server RPC; with no leader the call is held (Consul's rpc_hold_timeout,
    /// <see cref="ServerOptions.LeaderWait"/>) and then answers <c>No cluster leader</c>.
    /// </summary>
    public async Task<object?> ApplyAsync(byte[] command, CancellationToken cancellationToken)
    {
        var (_, response) = await ApplyRawAsync(command, 0, cancellationToken).ConfigureAwait(false);
        return response is FsmError error ? throw ConsulException.Internal(error.Message) : response;
    }

    /// <summary>The index and raw FSM answer (an <see cref="FsmError"/> is returned, not thrown) of a command that may
    /// already have travelled <paramref name="hops"/> servers.</summary>
    internal async Task<(ulong Index, object? Response)> ApplyRawAsync(byte[] command, int hops, CancellationToken cancellationToken)
    {
        var raft = Raft;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        wait.CancelAfter(_options.LeaderWait);
        while (true)
        {
            try
            {
                var status = raft.Status;
                if (_listener is not null && !raft.IsLeader && status.KnownLeader && status.LeaderAddress is { } leader && leader != raft.Address)
                {
                    if (hops >= RpcErrors.MaxHops)
                    {
                        throw ConsulException.Internal(RpcErrors.TooManyHops);
                    }

                    try
                    {
                        return await ForwardApplyAsync(leader, command, hops + 1, wait.Token).ConfigureAwait(false);
                    }
                    catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled && RpcClientPool.CanRetry(ex, idempotent: false))
                    {
                        // The leader we knew is unreachable: hold the request while Raft finds the next one.
                        Rpc.Log.LeaderRpcFailed(_log, leader, ex.Status.Detail);
                        await Task.Delay(TimeSpan.FromMilliseconds(50), _time, wait.Token).ConfigureAwait(false);
                        continue;
                    }
                }

                var result = await raft.ApplyAsync(command, wait.Token).ConfigureAwait(false);
                return (result.Index, result.Response);
            }
            catch (NotLeaderException) when (!raft.Status.KnownLeader)
            {
                // No leader yet: wait for one (bounded), as Consul holds RPCs during elections.
                if (!await WaitForLeaderAsync(wait.Token).ConfigureAwait(false))
                {
                    throw ConsulException.NoLeader();
                }
            }
            catch (NotLeaderException) when (_listener is not null)
            {
                // Leadership moved between the check and the proposal: the next round forwards to the new leader.
            }
            catch (LeadershipLostException)
            {
                // The entry may or may not commit: an ordinary request error with raft's text, as Consul answers.
                throw ConsulException.Internal("leadership lost while committing log");
            }
            catch (NotLeaderException)
            {
                // In memory (-dev) there is no server RPC to forward over.
                throw ConsulException.Internal($"rpc error: not the leader; leader is {raft.Status.LeaderAddress}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                throw ConsulException.NoLeader();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && !cancellationToken.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                throw ConsulException.NoLeader();
            }
        }
    }

    /// <summary>
    /// Runs a read with Consul's consistency and blocking rules: default reads need a leader here, <c>?stale</c> reads
    /// are served from local state, <c>?consistent</c> reads confirm leadership with a quorum first. With an index,
    /// the query waits on the watches it registered until its index moves past it or the wait (plus jitter) ends.
    /// </summary>
    public async Task<QueryResponse<T>> QueryAsync<T>(QueryOptions options, Func<StateSnapshot, WatchSet?, QueryResult<T>> query, CancellationToken cancellationToken)
    {
        await EnsureReadableAsync(options, cancellationToken).ConfigureAwait(false);
        var deadline = options.MinQueryIndex > 0
            ? _time.GetUtcNow() + options.MaxQueryTime + Jitter(options.MaxQueryTime)
            : DateTimeOffset.MinValue;

        while (true)
        {
            var snapshot = State.Current;
            var ws = options.MinQueryIndex > 0 ? new WatchSet(snapshot) : null;
            var result = query(snapshot, ws);
            var index = Math.Max(1, result.Index);
            var remaining = deadline - _time.GetUtcNow();
            if (ws is null || index > options.MinQueryIndex || remaining <= TimeSpan.Zero)
            {
                return new QueryResponse<T>(Meta(options, index), result.Value);
            }

            bool changed;
            Interlocked.Increment(ref _blockingQueries);
            try
            {
                // The timeout runs on the store's shared timer wheel; the server's stop ends waits through
                // State.CloseWaits, so nothing here allocates a timer or links a token source per wait.
                changed = await State.WaitAsync(ws, remaining, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _blockingQueries);
            }

            if (!changed || _stop.IsCancellationRequested)
            {
                // WaitAsync returns false (it never throws) when its token fires. A caller that went away ends here:
                // looping would find the token already cancelled and spin on this thread until the deadline.
                cancellationToken.ThrowIfCancellationRequested();

                // Wait expired (or the server is stopping): answer with the current result.
                var last = query(State.Current, null);
                return new QueryResponse<T>(Meta(options, Math.Max(1, last.Index)), last.Value);
            }

            if (options.Consistency == ConsistencyMode.Consistent)
            {
                await EnsureReadableAsync(options, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Blocking queries waiting right now (Consul's <c>consul.rpc.queries_blocking</c> gauge).</summary>
    public int BlockingQueries => Volatile.Read(ref _blockingQueries);

    /// <summary>The meta of a read that does not use the state store (status endpoints).</summary>
    public QueryMeta Meta(QueryOptions options, ulong index)
    {
        var status = Raft.Status;
        return new QueryMeta
        {
            Index = index,
            KnownLeader = status.KnownLeader,
            LastContact = status.Role == RaftRole.Leader ? TimeSpan.Zero : status.LastContact ?? TimeSpan.Zero,
            ConsistencyLevel = options.Consistency,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        State.CloseWaits();
        if (_bootstrapExpect is not null)
        {
            await _bootstrapExpect.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _raftMembership, null) is { } reconciler)
        {
            await reconciler.DisposeAsync().ConfigureAwait(false);
        }

        await _leader.StopAsync().ConfigureAwait(false);
        if (_raft is not null)
        {
            _raft.LeadershipChanged -= OnLeadershipChanged;
            await _raft.DisposeAsync().ConfigureAwait(false);
        }

        else if (_transport is not null)
        {
            // RaftNode owns its transport once constructed; dispose it here only if the node never was.
            await _transport.DisposeAsync().ConfigureAwait(false);
        }

        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsRpc)
        {
            _rpc.Dispose();
        }

        _stop.Dispose();
    }

    private async Task EnsureReadableAsync(QueryOptions options, CancellationToken cancellationToken)
    {
        if (options.Consistency == ConsistencyMode.Stale)
        {
            return;
        }

        var raft = Raft;
        if (raft.IsLeader && !_readyForReads.Task.IsCompleted)
        {
            // A new leader answers reads only once its FSM has applied everything committed before it took over.
            try
            {
                await _readyForReads.Task.WaitAsync(_options.LeaderWait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw ConsulException.NoLeader();
            }
        }

        if (!raft.IsLeader)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            wait.CancelAfter(_options.LeaderWait);
            if (!raft.Status.KnownLeader && !await WaitForLeaderAsync(wait.Token).ConfigureAwait(false))
            {
                throw ConsulException.NoLeader();
            }

            if (!raft.IsLeader)
            {
                // Forwarding reads to the leader needs server RPC (issue 8).
                throw ConsulException.Internal($"rpc error: not the leader; leader is {raft.Status.LeaderAddress}");
            }
        }

        if (options.Consistency == ConsistencyMode.Consistent)
        {
            try
            {
                await raft.VerifyLeaderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RaftException)
            {
                throw ConsulException.NoLeader();
            }
        }
    }

    private async Task<bool> WaitForLeaderAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!Raft.Status.KnownLeader)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), _time, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits (up to <see cref="ServerOptions.LeaderWait"/>) until some server is known to lead; false if none is.</summary>
    public async Task<bool> WaitForKnownLeaderAsync(CancellationToken cancellationToken)
    {
        if (Raft.Status.KnownLeader)
        {
            return true;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        wait.CancelAfter(_options.LeaderWait);
        return await WaitForLeaderAsync(wait.Token).ConfigureAwait(false);
    }

    private async Task<(ulong Index, object? Response)> ForwardApplyAsync(string leader, byte[] command, int hops, CancellationToken cancellationToken)
    {
        Rpc.Log.ForwardingApply(_log, leader, hops);
        var reply = await _rpc.For(leader).ApplyAsync(new ApplyRequest { Command = Google.Protobuf.ByteString.CopyFrom(command), Hops = (uint)hops }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (reply.Error.Length > 0)
        {
            throw new ConsulException((ConsulErrorKind)reply.ErrorKind, reply.Error);
        }

        return (reply.Index, ApplyCodec.Decode(reply));
    }

    /// <summary>Called by the leader duties once the leader's barrier has applied: default reads may be served.</summary>
    internal void MarkReadyForReads() => _readyForReads.TrySetResult();

    private static TimeSpan Jitter(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Random.Shared.NextInt64(Math.Max(1, wait.Ticks / 16)));

    private void OnLeadershipChanged(object? sender, LeadershipChangedEventArgs e)
    {
        if (e.IsLeader)
        {
            LogLeadershipAcquired(_log);
            _leader.Start();
            if (_membership is not null && _listener is not null)
            {
                var reconciler = new RaftMembershipReconciler(this, _membership, _loggers.CreateLogger("agent.server.autopilot"));
                reconciler.Start();
                if (Interlocked.Exchange(ref _raftMembership, reconciler) is { } old)
                {
                    _ = old.DisposeAsync().AsTask();
                }
            }
        }
        else
        {
            if (Interlocked.Exchange(ref _raftMembership, null) is { } reconciler)
            {
                _ = reconciler.DisposeAsync().AsTask();
            }

            if (_readyForReads.Task.IsCompleted)
            {
                _readyForReads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _ = _leader.StopAsync();
            if (e.LeaderId is not null)
            {
                LogNewLeader(_log, e.LeaderId);
            }
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "cluster leadership acquired")]
    private static partial void LogLeadershipAcquired(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "New leader elected: payload={Leader}")]
    private static partial void LogNewLeader(ILogger logger, string leader);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "bootstrapped a new Raft cluster with this server as its only voter: address={Address}")]
    private static partial void LogBootstrapped(ILogger logger, string address);
}
