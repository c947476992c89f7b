using System.Collections.Concurrent;
using System.Threading.Channels;
using ConsulSharp.Raft.Core;
using ConsulSharp.Raft.Storage;
using ConsulSharp.Raft.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsulSharp.Raft;

/// <summary>
/// A Raft server: the async shell around the pure protocol core. One Raft loop owns the core (steps messages and
/// requests, persists each batch with one fsync, sends, hands committed entries on); one apply loop feeds the state
/// machine in log order and takes snapshots. Thread-safe: every public member may be called from any thread.
/// </summary>
public sealed partial class RaftNode : IRaftMessageHandler, IAsyncDisposable
{
    private readonly RaftOptions _options;
    private readonly RaftStorage _storage;
    private readonly IRaftTransport _transport;
    private readonly IStateMachine _fsm;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<NodeEvent> _inbox = Channel.CreateUnbounded<NodeEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<ApplyItem> _applyQueue = Channel.CreateUnbounded<ApplyItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, string> _addresses = new();
    private readonly long _startTimestamp;
    private RaftCore? _core;
    private ITimer? _ticker;
    private Task? _raftLoop;
    private Task? _applyLoop;
    private volatile RaftStatus _status;
    private volatile Exception? _fatal;
    private int _started;

    public RaftNode(RaftOptions options, RaftStorage storage, IRaftTransport transport, IStateMachine stateMachine, TimeProvider? timeProvider = null, ILogger<RaftNode>? logger = null)
    {
        _options = options;
        _storage = storage;
        _transport = transport;
        _fsm = stateMachine;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<RaftNode>.Instance;
        _startTimestamp = _time.GetTimestamp();
        _status = new RaftStatus { Id = options.Id, Address = transport.LocalAddress, Role = RaftRole.Follower };
    }

    public string Id => _options.Id;

    public string Address => _transport.LocalAddress;

    /// <summary>The latest observable state (updated after every batch the Raft loop processes).</summary>
    public RaftStatus Status => _status with { AppliedIndex = (ulong)Interlocked.Read(ref _appliedIndex) };

    public bool IsLeader => _status.Role == RaftRole.Leader;

    /// <summary>Raised (on a thread-pool thread, in order) when this node gains or loses leadership.</summary>
    public event EventHandler<LeadershipChangedEventArgs>? LeadershipChanged;

    /// <summary>Recovers state from storage (restoring the state machine from the newest snapshot) and starts the loops.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("node already started");
        }

        cancellationToken.ThrowIfCancellationRequested();
        _core = Recover();
        PublishStatus();
        _transport.Start(this);
        _raftLoop = RunOnDedicatedThread("raft-" + Id, RaftLoop);
        _applyLoop = RunOnDedicatedThread("raft-apply-" + Id, ApplyLoop);
        _ticker = _time.CreateTimer(_ => Post(new TickEvent()), null, _options.TickInterval, _options.TickInterval);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Writes the initial configuration on a server with no Raft state (Consul: bootstrap / bootstrap_expect).
    /// Returns false (and changes nothing) if the node already has state.
    /// </summary>
    public Task<bool> BootstrapAsync(RaftConfiguration configuration, CancellationToken cancellationToken) =>
        Request<bool>(tcs => new BootstrapEvent(configuration, tcs), cancellationToken);

    /// <summary>Replicates <paramref name="command"/>; completes once it is committed and applied locally.</summary>
    /// <exception cref="NotLeaderException">Not the leader.</exception>
    /// <exception cref="LeadershipLostException">Leadership was lost; the command may or may not commit.</exception>
    public Task<ApplyResult> ApplyAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken) =>
        Request<ApplyResult>(tcs => new ProposeEvent(LogEntryType.Command, command, tcs), cancellationToken);

    /// <summary>Commits a no-op and waits until it is applied: every earlier write is then visible in the state machine.</summary>
    public async Task<ulong> BarrierAsync(CancellationToken cancellationToken) =>
        (await Request<ApplyResult>(tcs => new ProposeEvent(LogEntryType.Noop, ReadOnlyMemory<byte>.Empty, tcs), cancellationToken)).Index;

    /// <summary>
    /// Linearizable read point: confirms leadership (leader lease, or a heartbeat round with a quorum) and returns the
    /// commit index once the local state machine has applied it. Reads of the state machine after this are consistent.
    /// </summary>
    public Task<ulong> ReadIndexAsync(CancellationToken cancellationToken) =>
        Request<ulong>(tcs => new ReadEvent(tcs, WaitForApply: true), cancellationToken);

    /// <summary>Confirms this node is still the leader (Consul's <c>?consistent</c> check).</summary>
    public Task VerifyLeaderAsync(CancellationToken cancellationToken) =>
        Request<ulong>(tcs => new ReadEvent(tcs, WaitForApply: false), cancellationToken);

    /// <summary>Adds (or promotes) a voter; completes when the new configuration is committed.</summary>
    public Task AddVoterAsync(string id, string address, CancellationToken cancellationToken) =>
        ChangeConfigurationAsync(c => c.With(new RaftServer(id, address, ServerSuffrage.Voter)), cancellationToken);

    /// <summary>Adds a non-voter (receives the log, never votes). A voter with that id is not demoted.</summary>
    public Task AddNonVoterAsync(string id, string address, CancellationToken cancellationToken) =>
        ChangeConfigurationAsync(c => c.Find(id) is { IsVoter: true } ? c : c.With(new RaftServer(id, address, ServerSuffrage.Nonvoter)), cancellationToken);

    /// <summary>Removes a server (possibly this one: the leader steps down once its removal commits).</summary>
    public Task RemoveServerAsync(string id, CancellationToken cancellationToken) =>
        ChangeConfigurationAsync(c => c.Without(id), cancellationToken);

    /// <summary>Hands leadership to <paramref name="targetId"/> (or the most up-to-date voter); completes once this node has stepped down.</summary>
    public Task TransferLeadershipAsync(string? targetId, CancellationToken cancellationToken) =>
        Request<bool>(tcs => new TransferEvent(targetId, tcs), cancellationToken);

    /// <summary>Takes a snapshot now (normally automatic after <see cref="RaftOptions.SnapshotThreshold"/> entries).</summary>
    public Task<ulong> SnapshotAsync(CancellationToken cancellationToken)
    {
        var tcs = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
        _applyQueue.Writer.TryWrite(new ApplyItem(null, null, tcs));
        return tcs.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ticker is not null)
        {
            await _ticker.DisposeAsync();
        }

        await _stop.CancelAsync();
        _inbox.Writer.TryComplete();
        await _transport.DisposeAsync();
        if (_raftLoop is not null)
        {
            await _raftLoop;
        }

        _applyQueue.Writer.TryComplete();
        if (_applyLoop is not null)
        {
            await _applyLoop;
        }

        FailAllWaiters(new ObjectDisposedException(nameof(RaftNode)));
        _storage.Log.Dispose();
        _stop.Dispose();
    }

    void IRaftMessageHandler.OnMessage(RaftMessage message, string? fromAddress)
    {
        if (fromAddress is not null)
        {
            _addresses[message.From] = fromAddress;
        }

        Post(new MessageEvent(message));
    }

    async Task IRaftMessageHandler.ReceiveSnapshotAsync(RaftMessage header, Stream data, string? fromAddress, CancellationToken cancellationToken)
    {
        if (fromAddress is not null)
        {
            _addresses[header.From] = fromAddress;
        }

        var config = header.Configuration ?? RaftConfiguration.Empty;
        using var sink = _storage.Snapshots.Create(header.LogIndex, header.LogTerm, config);
        await data.CopyToAsync(sink.Stream, cancellationToken);
        var meta = sink.Commit();
        Post(new MessageEvent(header.WithSnapshot(meta.Id, header.LogIndex, header.LogTerm, config)));
    }

    private Task<bool> ChangeConfigurationAsync(Func<RaftConfiguration, RaftConfiguration> change, CancellationToken cancellationToken) =>
        Request<bool>(tcs => new ConfigChangeEvent(change, tcs), cancellationToken);

    private Task<T> Request<T>(Func<TaskCompletionSource<T>, NodeEvent> create, CancellationToken cancellationToken)
    {
        if (_fatal is { } fatal)
        {
            return Task.FromException<T>(new RaftException("raft node stopped after a fatal error", fatal));
        }

        if (_started == 0)
        {
            return Task.FromException<T>(new InvalidOperationException("node not started"));
        }

        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.Writer.TryWrite(create(tcs)))
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(RaftNode)));
        }

        return tcs.Task.WaitAsync(cancellationToken);
    }

    private void Post(NodeEvent e) => _inbox.Writer.TryWrite(e);

    /// <summary>The loops block on fsync and on their queues; a dedicated thread keeps them out of thread-pool queues.</summary>
    private static Task RunOnDedicatedThread(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private long NowMs() => (long)_time.GetElapsedTime(_startTimestamp).TotalMilliseconds;
}
