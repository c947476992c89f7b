using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ConsulSharp.Gossip.Transport;
using ConsulSharp.Gossip.Wire;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Gossip.Membership;

/// <summary>
/// SWIM + Lifeguard membership compatible with HashiCorp memberlist 0.2.x. Threading: node table under
/// <see cref="_gate"/>; I/O and delegate callbacks never happen while it is held (notifications are collected and
/// raised after unlocking). Loops: packet receive, stream accept, probe, gossip, push/pull.
/// </summary>
internal sealed partial class Memberlist : IAsyncDisposable
{
    private const int MaxPushPullInProgress = 128;
    private const int MaxStreamSize = 20 << 20;

    private readonly MemberlistConfig _config;
    private readonly MemberlistOptions _options;
    private readonly IGossipTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeState> _nodeMap = new(StringComparer.Ordinal);
    private readonly List<NodeState> _nodes = [];
    private readonly Dictionary<string, Suspicion> _suspicions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<uint, AckHandler> _ackHandlers = new();
    private readonly TransmitLimitedQueue _broadcasts;
    private readonly Awareness _awareness;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly byte[] _labelBytes;
    private IMemberlistDelegate? _delegate;
    private int _probeIndex;
    private int _sequence;
    private int _incarnation;
    private int _pushPullInProgress;
    private volatile bool _leaving;
    private volatile bool _shutdown;

    public Memberlist(MemberlistConfig config, IGossipTransport transport, TimeProvider time, ILogger logger)
    {
        _config = config;
        _options = config.Options;
        _transport = transport;
        _time = time;
        _logger = logger;
        _awareness = new Awareness(_options.AwarenessMaxMultiplier);
        _broadcasts = new TransmitLimitedQueue(() => NumNodes, _options.RetransmitMult);
        _labelBytes = System.Text.Encoding.UTF8.GetBytes(_options.Label);
        LocalMeta = config.Meta;
    }

    public string Name => _config.Name;

    public IPEndPoint AdvertiseEndPoint => _transport.LocalEndPoint;

    public byte[] LocalMeta { get; private set; }

    public int HealthScore => _awareness.Score;

    public int NumNodes
    {
        get
        {
            lock (_gate)
            {
                return _nodes.Count;
            }
        }
    }

    public bool HasLeft => _leaving;

    public IReadOnlyList<byte[]>? Keys => _config.Keyring?.Snapshot();

    private bool EncryptionEnabled => _config.Keyring is not null && _options.GossipVerifyOutgoing;

    /// <summary>Sets the upper layer; must be called before <see cref="Start"/>.</summary>
    public void SetDelegate(IMemberlistDelegate memberlistDelegate) => _delegate = memberlistDelegate;

    /// <summary>Registers ourselves and starts the loops.</summary>
    public void Start()
    {
        var self = new Alive(NextIncarnation(), _config.Name, AddressBytes(AdvertiseEndPoint.Address), (ushort)AdvertiseEndPoint.Port, LocalMeta, _config.Vsn);
        AliveNode(self, null, bootstrap: true);
        var ct = _stop.Token;
        _loops.Add(Task.Run(() => PacketLoopAsync(ct), ct));
        _loops.Add(Task.Run(() => StreamLoopAsync(ct), ct));
        _loops.Add(Task.Run(() => ProbeLoopAsync(ct), ct));
        _loops.Add(Task.Run(() => GossipLoopAsync(ct), ct));
        _loops.Add(Task.Run(() => PushPullLoopAsync(ct), ct));
    }

    public IReadOnlyList<MemberlistNode> Members(bool includeDead = false)
    {
        lock (_gate)
        {
            return [.. _nodes.Where(n => includeDead || !n.DeadOrLeft).Select(n => n.Snapshot())];
        }
    }

    public MemberlistNode? GetNode(string name)
    {
        lock (_gate)
        {
            return _nodeMap.TryGetValue(name, out var n) ? n.Snapshot() : null;
        }
    }

    /// <summary>Joins by push/pull with each address ("host", "host:port" or "ip:port"); returns the number of successes.</summary>
    public async Task<(int Joined, List<string> Errors)> JoinAsync(IEnumerable<string> addresses, CancellationToken cancellationToken)
    {
        var joined = 0;
        var errors = new List<string>();
        foreach (var address in addresses)
        {
            try
            {
                foreach (var endpoint in await ResolveAsync(address, cancellationToken))
                {
                    try
                    {
                        await PushPullNodeAsync(endpoint, join: true, cancellationToken);
                        joined++;
                        break;
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or GossipFormatException or OperationCanceledException or InvalidOperationException or TimeoutException)
                    {
                        if (cancellationToken.IsCancellationRequested)
                        {
                            throw;
                        }

                        Log.JoinFailed(_logger, endpoint, ex.Message);
                        errors.Add($"Failed to join {endpoint.Address}: {ex.Message}");
                    }
                }
            }
            catch (SocketException ex)
            {
                errors.Add($"Failed to resolve {address}: {ex.Message}");
            }
        }

        return (joined, errors);
    }

    /// <summary>Broadcasts that we leave (dead about ourselves with From = us) and waits until it has been gossiped.</summary>
    public async Task LeaveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_leaving)
        {
            return;
        }

        _leaving = true;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Suspect d;
        bool anyAlive;
        lock (_gate)
        {
            var self = _nodeMap[_config.Name];
            d = new Suspect(self.Incarnation, self.Name, self.Name);
            anyAlive = _nodes.Any(n => n.Name != _config.Name && !n.DeadOrLeft);
        }

        DeadNode(d, done);
        if (anyAlive)
        {
            await Task.WhenAny(done.Task, Task.Delay(timeout, _time, cancellationToken));
        }
    }

    /// <summary>Re-announces ourselves with new meta (tags) and a higher incarnation.</summary>
    public async Task UpdateMetaAsync(byte[] meta, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LocalMeta = meta;
        var alive = new Alive(NextIncarnation(), _config.Name, AddressBytes(AdvertiseEndPoint.Address), (ushort)AdvertiseEndPoint.Port, meta, _config.Vsn);
        AliveNode(alive, done, bootstrap: true);
        bool anyAlive;
        lock (_gate)
        {
            anyAlive = _nodes.Any(n => n.Name != _config.Name && !n.DeadOrLeft);
        }

        if (anyAlive)
        {
            await Task.WhenAny(done.Task, Task.Delay(timeout, _time, cancellationToken));
        }
    }

    /// <summary>Sends a memberlist user message (type 8 + payload) to a node by UDP, best effort.</summary>
    public Task SendToAsync(IPEndPoint destination, byte[] userMessage, CancellationToken cancellationToken)
    {
        var message = new byte[userMessage.Length + 1];
        message[0] = (byte)MessageType.User;
        userMessage.CopyTo(message, 1);
        return RawSendAsync(destination, null, message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_shutdown)
        {
            return;
        }

        _shutdown = true;
        await _stop.CancelAsync();
        await _transport.DisposeAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        lock (_gate)
        {
            foreach (var s in _suspicions.Values)
            {
                s.Dispose();
            }

            _suspicions.Clear();
        }

        _broadcasts.Reset();
        _stop.Dispose();
    }

    internal static byte[] AddressBytes(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.GetAddressBytes();
    }

    private uint NextIncarnation() => (uint)Interlocked.Increment(ref _incarnation);

    private uint SkipIncarnation(uint offset) => (uint)Interlocked.Add(ref _incarnation, (int)offset);

    private uint NextSequence() => (uint)Interlocked.Increment(ref _sequence);

    private async Task<List<IPEndPoint>> ResolveAsync(string address, CancellationToken cancellationToken)
    {
        string host;
        var port = AdvertiseEndPoint.Port;
        if (IPEndPoint.TryParse(address, out var parsed) && (parsed.Port != 0 || !address.Contains(':', StringComparison.Ordinal) || address.Count(c => c == ':') > 1))
        {
            return [new IPEndPoint(parsed.Address, parsed.Port == 0 ? port : parsed.Port)];
        }

        var colon = address.LastIndexOf(':');
        if (colon > 0 && int.TryParse(address.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var p))
        {
            host = address[..colon];
            port = p;
        }
        else
        {
            host = address;
        }

        var ips = await Dns.GetHostAddressesAsync(host, cancellationToken);
        return [.. ips.OrderBy(ip => ip.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).Select(ip => new IPEndPoint(ip, port))];
    }

    private sealed class AckHandler(Action<byte[]?, long> onAck, Action? onNack)
    {
        public Action<byte[]?, long> OnAck { get; } = onAck;

        public Action? OnNack { get; } = onNack;

        public ITimer? Timer { get; set; }
    }
}
