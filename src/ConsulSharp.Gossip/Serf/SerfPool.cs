using System.Net;
using System.Threading.Channels;
using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Transport;
using ConsulSharp.Gossip.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsulSharp.Gossip.Serf;

/// <summary>
/// A serf 0.9.x compatible gossip pool on top of memberlist: member statuses with Lamport-clocked join/leave intents,
/// tags, user events, queries and key management, reaping and reconnects. Interoperates with the Go serf agent and
/// Consul. Thread safe. Create with <see cref="StartAsync(SerfOptions, ILoggerFactory?, TimeProvider?, CancellationToken)"/>,
/// stop with <see cref="LeaveAsync"/> then <see cref="DisposeAsync"/> (dispose alone = abrupt stop, peers see us failed).
/// </summary>
public sealed partial class SerfPool : IAsyncDisposable
{
    private readonly SerfOptions _options;
    private readonly Memberlist _memberlist;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MemberState> _members = new(StringComparer.Ordinal);
    private readonly List<MemberState> _failedMembers = [];
    private readonly List<MemberState> _leftMembers = [];
    private readonly Dictionary<string, (bool Leave, ulong LTime, long WallTime)> _recentIntents = new(StringComparer.Ordinal);
    private readonly LamportClock _clock = new();
    private readonly LamportClock _eventClock = new();
    private readonly LamportClock _queryClock = new();
    private readonly TransmitLimitedQueue _intentBroadcasts;
    private readonly TransmitLimitedQueue _eventBroadcasts;
    private readonly TransmitLimitedQueue _queryBroadcasts;
    private readonly Channel<SerfEvent> _events = Channel.CreateUnbounded<SerfEvent>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly SemaphoreSlim _joinLock = new(1, 1);
    private readonly CoordinateClient _coordinates = new();
    private readonly Snapshot? _snapshot;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Coordinate> _coordinateCache = new(StringComparer.Ordinal);
    private Dictionary<string, string> _tags;
    private volatile SerfState _state = SerfState.Alive;
    private volatile bool _eventJoinIgnore;

    private SerfPool(SerfOptions options, IGossipTransport transport, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger("ConsulSharp.Gossip.Serf");
        _tags = new Dictionary<string, string>(options.Tags, StringComparer.Ordinal);
        _eventBuffer = new SerfUserEvents?[options.EventBuffer];
        _queryBuffer = new (ulong LTime, List<uint> Ids)?[options.QueryBuffer];
        var meta = Wire.Tags.Encode(_tags);
        if (meta.Length > 512)
        {
            throw new ArgumentException("encoded tags exceed the 512-byte meta limit", nameof(options));
        }

        var config = new MemberlistConfig(options.NodeName, options.Memberlist)
        {
            Keyring = options.Keyring,
            Meta = meta,
            DelegateMin = 2,
            DelegateMax = 5,
            DelegateVersion = options.ProtocolVersion,
        };
        _memberlist = new Memberlist(config, transport, time, loggerFactory.CreateLogger("ConsulSharp.Gossip.Memberlist"));
        _intentBroadcasts = new TransmitLimitedQueue(() => _memberlist.NumNodes, options.Memberlist.RetransmitMult);
        _eventBroadcasts = new TransmitLimitedQueue(() => _memberlist.NumNodes, options.Memberlist.RetransmitMult);
        _queryBroadcasts = new TransmitLimitedQueue(() => _memberlist.NumNodes, options.Memberlist.RetransmitMult);
        _memberlist.SetDelegate(new Delegate(this));
        if (options.SnapshotPath is { } path)
        {
            _snapshot = Snapshot.Open(path, options.RejoinAfterLeave);
            _clock.Witness(_snapshot.Clock);
            _eventClock.Witness(_snapshot.EventClock);
            _queryClock.Witness(_snapshot.QueryClock);
            _eventMinTime = _snapshot.EventClock + 1;
        }
    }

    private enum SerfState
    {
        Alive,
        Leaving,
        Left,
        Shutdown,
    }

    /// <summary>Binds the UDP+TCP port and starts gossiping (alone until <see cref="JoinAsync"/>).</summary>
    public static Task<SerfPool> StartAsync(SerfOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var time = timeProvider ?? TimeProvider.System;
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        var transport = new NetTransport(options.BindAddress, options.BindPort, options.AdvertiseAddress, options.AdvertisePort, time, factory.CreateLogger("ConsulSharp.Gossip.Transport"));
        return Task.FromResult(Start(options, transport, time, factory));
    }

    internal static SerfPool Start(SerfOptions options, IGossipTransport transport, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var pool = new SerfPool(options, transport, time, loggerFactory);
        pool._memberlist.Start();
        var ct = pool._stop.Token;
        pool._loops.Add(Task.Run(() => pool.ReapLoopAsync(ct), ct));
        pool._loops.Add(Task.Run(() => pool.ReconnectLoopAsync(ct), ct));
        if (pool._snapshot is { } snapshot)
        {
            pool._loops.Add(Task.Run(() => pool.SnapshotLoopAsync(ct), ct));
            var previous = snapshot.AliveNodes.Where(p => p.Key != options.NodeName).Select(p => p.Value).ToList();
            if (previous.Count > 0)
            {
                pool._loops.Add(Task.Run(() => pool.RejoinAsync(previous, ct), ct));
            }
        }

        return pool;
    }

    public string LocalName => _options.NodeName;

    internal Memberlist MemberlistForTests => _memberlist;

    internal int IntentQueueLengthForTests => _intentBroadcasts.Count;

    internal ulong StatusLTimeForTests(string node)
    {
        lock (_gate)
        {
            return _members[node].StatusLTime;
        }
    }

    /// <summary>The advertised gossip address (with the real port when <see cref="SerfOptions.BindPort"/> was 0).</summary>
    public IPEndPoint LocalEndPoint => _memberlist.AdvertiseEndPoint;

    /// <summary>Membership, user-event and query events, in the order they were applied. Read it continuously.</summary>
    public ChannelReader<SerfEvent> Events => _events.Reader;

    /// <summary>True when a keyring is configured.</summary>
    public bool EncryptionEnabled => _options.Keyring is not null;

    /// <summary>The live keyring (primary first), or null.</summary>
    public Keyring? Keyring => _options.Keyring;

    public IReadOnlyDictionary<string, string> Tags => _tags;

    /// <summary>Lifeguard local health score (0 = healthy).</summary>
    public int HealthScore => _memberlist.HealthScore;

    public SerfMember LocalMember
    {
        get
        {
            lock (_gate)
            {
                return _members[_options.NodeName].Snapshot();
            }
        }
    }

    /// <summary>Our current Vivaldi network coordinate.</summary>
    public Coordinate GetCoordinate() => _coordinates.Current;

    /// <summary>The last coordinate a node reported in an ack (our own for our name), or null.</summary>
    public Coordinate? GetCachedCoordinate(string node) =>
        node == _options.NodeName ? _coordinates.Current : _coordinateCache.GetValueOrDefault(node);

    /// <summary>Every known member, including failed and left ones until they are reaped.</summary>
    public IReadOnlyList<SerfMember> Members()
    {
        lock (_gate)
        {
            return [.. _members.Values.Select(m => m.Snapshot()).OrderBy(m => m.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Joins an existing pool through one or more addresses ("ip", "ip:port", "host:port"). Returns how many
    /// were contacted; throws <see cref="InvalidOperationException"/> with the reasons when none could be.</summary>
    public async Task<int> JoinAsync(IEnumerable<string> addresses, bool ignoreOld = false, CancellationToken cancellationToken = default)
    {
        if (_state != SerfState.Alive)
        {
            throw new InvalidOperationException("Serf can't Join after Leave or Shutdown");
        }

        await _joinLock.WaitAsync(cancellationToken);
        try
        {
            _eventJoinIgnore = ignoreOld;
            var (joined, errors) = await _memberlist.JoinAsync(addresses, cancellationToken);
            if (joined > 0)
            {
                BroadcastJoin(_clock.Time);
                return joined;
            }

            throw new InvalidOperationException(errors.Count > 0 ? string.Join("; ", errors) : "no addresses to join");
        }
        finally
        {
            _eventJoinIgnore = false;
            _joinLock.Release();
        }
    }

    /// <summary>Graceful leave: leave intent, memberlist leave, wait LeavePropagateDelay. Peers list us as left.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        if (_state != SerfState.Alive)
        {
            return;
        }

        _state = SerfState.Leaving;
        _snapshot?.Leave();
        var leave = new SerfLeave(_clock.Time, _options.NodeName, false);
        _clock.Increment();
        HandleLeaveIntent(leave);
        if (HasAliveMembers())
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _intentBroadcasts.Enqueue(Encode(SerfMessageType.Leave, leave.Encode), null, done);
            await Task.WhenAny(done.Task, Task.Delay(_options.BroadcastTimeout, _time, cancellationToken));
        }

        await _memberlist.LeaveAsync(_options.BroadcastTimeout, cancellationToken);
        await Task.Delay(_options.LeavePropagateDelay, _time, cancellationToken);
        _state = SerfState.Left;
    }

    /// <summary>Replaces our tags and announces them (alive with a higher incarnation).</summary>
    public async Task SetTagsAsync(IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        var copy = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        var meta = Wire.Tags.Encode(copy);
        if (meta.Length > 512)
        {
            throw new ArgumentException("encoded tags exceed the 512-byte meta limit", nameof(tags));
        }

        _tags = copy;
        await _memberlist.UpdateMetaAsync(meta, _options.BroadcastTimeout, cancellationToken);
    }

    /// <summary>Forcibly moves a failed member to left (serf force-leave); with <paramref name="prune"/> it is erased.</summary>
    public Task RemoveFailedNodeAsync(string node, bool prune = false, CancellationToken cancellationToken = default)
    {
        var leave = new SerfLeave(_clock.Time, node, prune);
        _clock.Increment();
        HandleLeaveIntent(leave);
        if (!HasAliveMembers())
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _intentBroadcasts.Enqueue(Encode(SerfMessageType.Leave, leave.Encode), null, done);
        return Task.WhenAny(done.Task, Task.Delay(_options.BroadcastTimeout, _time, cancellationToken));
    }

    /// <summary>Stops immediately without leaving: peers will detect us as failed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_state == SerfState.Shutdown)
        {
            return;
        }

        _state = SerfState.Shutdown;
        await _stop.CancelAsync();
        await _memberlist.DisposeAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        _events.Writer.TryComplete();
        if (_snapshot is not null)
        {
            _snapshot.UpdateClocks(_clock.Time, _eventClock.Time, _queryClock.Time);
            _snapshot.Dispose();
        }

        _stop.Dispose();
        _joinLock.Dispose();
    }

    internal static byte[] Encode(SerfMessageType type, Action<MsgWriter> body)
    {
        var w = new MsgWriter();
        w.WriteByte((byte)type);
        body(w);
        return w.ToArray();
    }

    private bool HasAliveMembers()
    {
        lock (_gate)
        {
            return _members.Values.Any(m => m.Name != _options.NodeName && m.Status == MemberStatus.Alive);
        }
    }

    private void Emit(SerfEvent e) => _events.Writer.TryWrite(e);
}
