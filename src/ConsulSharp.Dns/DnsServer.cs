using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ConsulSharp.Server.Rpc;
using ConsulSharp.State;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Dns;

/// <summary>
/// Consul's DNS interface: UDP and TCP listeners on the same port per address, answering from the server's state store
/// snapshot and forwarding other names to the recursors. Every packet is handled without throwing; bad input gets
/// FORMERR/NOTIMP or is dropped.
/// </summary>
public sealed class DnsServer : IAsyncDisposable
{
    private static readonly TimeSpan TcpIdleTimeout = TimeSpan.FromSeconds(8);

    /// <summary>How long a question waits for a remote catalog read before it is answered SERVFAIL.</summary>
    private static readonly TimeSpan PendingTimeout = TimeSpan.FromSeconds(6);

    private readonly DnsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly DnsResolver _resolver;
    private readonly DnsResponseWriter _responses;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _loops = [];
    private readonly List<IPEndPoint> _endpoints = [];

    /// <summary>
    /// <paramref name="state"/> gives the current catalog snapshot, or null when this agent has no state store (client
    /// mode). <paramref name="api"/>, when given, is the agent's HTTP API dispatcher: what the local state cannot answer
    /// (everything on a client agent, other datacenters on a server) is read through it from the servers.
    /// <paramref name="acl"/>, when given and enabled, makes every lookup run with the agent's current DNS token
    /// (service and node answers and prepared-query results are filtered to what it may read).
    /// </summary>
    public DnsServer(DnsOptions options, Func<StateSnapshot?> state, TimeProvider time, ILoggerFactory loggers, IForwardedRequestHandler? api = null, IDnsAuthorizer? acl = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _time = time;
        _log = loggers.CreateLogger("agent.dns");
        var dnsAcl = acl is { Enabled: true } ? new DnsAcl(acl, _stop.Token) : null;
        var local = new LocalDnsCatalog(state, options.Datacenter, options.OnlyPassing, dnsAcl);
        IDnsCatalog catalog = local;
        if (api is not null)
        {
            Remote = new RemoteDnsCatalog(api, options, time, _log, _stop.Token, dnsAcl is null ? null : () => dnsAcl.Token);
            catalog = new RoutedDnsCatalog(local, Remote, options.Datacenter);
        }

        _resolver = new DnsResolver(options, catalog, time, _log, dnsAcl);
        _responses = new DnsResponseWriter(options, _log);
    }

    internal RemoteDnsCatalog? Remote { get; }

    /// <summary>The bound endpoints (ports resolved when 0 was asked); UDP and TCP share each one.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => _endpoints;

    private bool RecursionAvailable => _options.Recursors.Count > 0;

    /// <summary>Binds UDP and TCP on every address; with port 0 the OS picks one port used by both.</summary>
    public Task StartAsync(IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        foreach (var address in addresses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (udp, tcp) = Bind(address, port);
            _sockets.Add(udp);
            _sockets.Add(tcp);
            _endpoints.Add((IPEndPoint)udp.LocalEndPoint!);
            for (var i = 0; i < Math.Max(2, Environment.ProcessorCount); i++)
            {
                _loops.Add(Task.Run(() => UdpLoopAsync(udp, _stop.Token), CancellationToken.None));
            }

            _loops.Add(Task.Run(() => AcceptLoopAsync(tcp, _stop.Token), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    private static (Socket Udp, Socket Tcp) Bind(IPAddress address, int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            Socket? tcp = null;
            try
            {
                udp.Bind(new IPEndPoint(address, port));
                var bound = ((IPEndPoint)udp.LocalEndPoint!).Port;
                tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(address, bound));
                tcp.Listen(512);
                return (udp, tcp);
            }
            catch (SocketException ex) when (port == 0 && attempt < 20 && ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                udp.Dispose();
                tcp?.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp?.Dispose();
                throw;
            }
        }
    }

    private async Task UdpLoopAsync(Socket socket, CancellationToken ct)
    {
        var request = new byte[65535];
        var response = new byte[65535];
        var remote = new SocketAddress(socket.AddressFamily);
        while (!ct.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await socket.ReceiveFromAsync(request, SocketFlags.None, remote, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                Log.ListenerError(_log, "udp", ex.Message);
                continue;
            }

            try
            {
                var length = HandleLocal(request.AsSpan(0, received), response, tcp: false, out var parsed, out var recurse, out var pending);
                if (pending is not null && remote.Size > 0)
                {
                    var any = socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                    var client = (IPEndPoint)new IPEndPoint(any, 0).Create(remote);
                    _ = AwaitAndReplyUdpAsync(socket, request.AsSpan(0, received).ToArray(), pending, client, ct);
                    continue;
                }

                if (recurse)
                {
                    var packet = request.AsSpan(0, received).ToArray();
                    var any = socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                    var client = remote.Size > 0 ? (IPEndPoint)new IPEndPoint(any, 0).Create(remote) : null;
                    _ = RecurseAndReplyUdpAsync(socket, packet, parsed, client, ct);
                    continue;
                }

                if (length > 0)
                {
                    // A synchronous send: a UDP datagram is copied into the socket buffer at once. The async
                    // SocketAddress overload, called from several receive loops on one socket, was seen under dnsperf
                    // load to throw NullReferenceException from its cached SocketAsyncEventArgs, which ended the loop
                    // (and the agent, when the fault surfaced at shutdown).
                    socket.SendTo(response.AsSpan(0, length), SocketFlags.None, remote);
                }
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException or NullReferenceException)
            {
                // One failed reply must not end this receive loop.
                Log.ListenerError(_log, "udp", ex.Message);
            }
        }
    }

    private async Task AwaitAndReplyUdpAsync(Socket socket, byte[] packet, Task pending, IPEndPoint client, CancellationToken ct)
    {
        try
        {
            var response = new byte[65535];
            var length = await AnswerWhenReadyAsync(packet, pending, tcp: false, response, client, ct).ConfigureAwait(false);
            if (length > 0)
            {
                await socket.SendToAsync(response.AsMemory(0, length), SocketFlags.None, client, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Waits for the remote read a question needed and answers it again (now from the fresh cache entry); a read
    /// that does not arrive in time, or keeps being replaced, gives SERVFAIL.
    /// </summary>
    internal async Task<int> AnswerWhenReadyAsync(byte[] packet, Task pending, bool tcp, byte[] response, IPEndPoint? client, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            try
            {
                await pending.WaitAsync(PendingTimeout, _time, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                break;
            }

            int length;
            DnsRequest parsed;
            bool recurse;
            Task? next;
            RemoteDnsCatalog.AnsweringWaiter = true;
            try
            {
                length = HandleLocal(packet, response, tcp, out parsed, out recurse, out next);
            }
            finally
            {
                RemoteDnsCatalog.AnsweringWaiter = false;
            }

            if (recurse)
            {
                return await RecurseAsync(packet, parsed, tcp, response, client, ct).ConfigureAwait(false);
            }

            if (next is null)
            {
                return length;
            }

            pending = next;
        }

        return packet.Length >= DnsConstants.HeaderSize
            ? DnsResponseWriter.WriteHeaderOnly(packet, DnsConstants.RcodeServFail, RecursionAvailable, response)
            : 0;
    }

    private async Task RecurseAndReplyUdpAsync(Socket socket, byte[] packet, DnsRequest request, IPEndPoint? client, CancellationToken ct)
    {
        if (client is null)
        {
            return;
        }

        try
        {
            var response = new byte[65535];
            var length = await RecurseAsync(packet, request, tcp: false, response, client, ct).ConfigureAwait(false);
            await socket.SendToAsync(response.AsMemory(0, length), SocketFlags.None, client, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket conn;
            try
            {
                conn = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                Log.ListenerError(_log, "tcp", ex.Message);
                continue;
            }

            _ = ServeTcpAsync(conn, ct);
        }
    }

    private async Task ServeTcpAsync(Socket conn, CancellationToken ct)
    {
        using var _ = conn;
        var request = new byte[65535];
        var reply = new byte[65535];
        var response = new byte[65537];
        var remote = conn.RemoteEndPoint as IPEndPoint;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var idle = new CancellationTokenSource(TcpIdleTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, idle.Token);
                if (!await ReadExactlyAsync(conn, request.AsMemory(0, 2), linked.Token).ConfigureAwait(false))
                {
                    return;
                }

                var size = BinaryPrimitives.ReadUInt16BigEndian(request);
                if (size == 0 || !await ReadExactlyAsync(conn, request.AsMemory(0, size), linked.Token).ConfigureAwait(false))
                {
                    return;
                }

                var length = HandleLocal(request.AsSpan(0, size), reply, tcp: true, out var parsed, out var recurse, out var pending);
                if (pending is not null)
                {
                    length = await AnswerWhenReadyAsync(request.AsSpan(0, size).ToArray(), pending, tcp: true, reply, remote, ct).ConfigureAwait(false);
                }
                else if (recurse)
                {
                    length = await RecurseAsync(request.AsSpan(0, size).ToArray(), parsed, tcp: true, reply, remote, ct).ConfigureAwait(false);
                }

                if (length <= 0)
                {
                    return; // nothing to answer (a response, or too short): close like a confused peer
                }

                reply.AsSpan(0, length).CopyTo(response.AsSpan(2));
                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)length);
                await conn.SendAsync(response.AsMemory(0, length + 2), SocketFlags.None, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    /// <summary>
    /// Answers a packet from local data into <paramref name="response"/>; 0 means no
    /// reply. When <paramref name="recurse"/> is set the caller forwards the packet instead; when
    /// <paramref name="pending"/> is set, a remote read is under way and the caller answers once it completes
    /// (<see cref="AnswerWhenReadyAsync"/>).
    /// </summary>
    internal int HandleLocal(ReadOnlySpan<byte> packet, byte[] response, bool tcp, out DnsRequest request, out bool recurse, out Task? pending)
    {
        recurse = false;
        pending = null;
        try
        {
            var status = DnsRequest.TryParse(packet, out request);
            switch (status)
            {
                case DnsParseStatus.Drop:
                    return 0;
                case DnsParseStatus.FormatError:
                    return DnsResponseWriter.WriteHeaderOnly(packet, DnsConstants.RcodeFormErr, RecursionAvailable, response);
                case DnsParseStatus.NotImplemented:
                    return DnsResponseWriter.WriteHeaderOnly(packet, DnsConstants.RcodeNotImp, RecursionAvailable, response);
            }

            var started = _time.GetTimestamp();
            var answer = _resolver.Resolve(request, DnsResponseWriter.AnswerCap(request, tcp, _options));
            if (answer.Pending is { } wait)
            {
                pending = wait;
                return 0;
            }

            if (answer.Recurse)
            {
                if (RecursionAvailable)
                {
                    recurse = true;
                    return 0;
                }

                answer.Rcode = answer.RcodeWithoutRecursors;
            }

            var length = _responses.Write(request, answer, tcp, RecursionAvailable, response);
            if (_log.IsEnabled(LogLevel.Trace))
            {
                Log.Served(_log, request.Name, request.Type, request.Class, _time.GetElapsedTime(started), "", tcp ? "tcp" : "udp");
            }

            return length;
        }
        catch (Exception ex)
        {
            // A bug must not take the listener down: answer SERVFAIL and keep serving.
            Log.HandlerError(_log, ex);
            request = default;
            return packet.Length >= DnsConstants.HeaderSize
                ? DnsResponseWriter.WriteHeaderOnly(packet, DnsConstants.RcodeServFail, RecursionAvailable, response)
                : 0;
        }
    }

    /// <summary>Forwards the packet unchanged to the recursors (in order, or shuffled) and relays the first good reply.</summary>
    internal async Task<int> RecurseAsync(byte[] packet, DnsRequest request, bool tcp, byte[] response, IPEndPoint? client, CancellationToken ct)
    {
        var recursors = _options.Recursors.ToArray();
        if (_options.RecursorRandom)
        {
            Random.Shared.Shuffle(recursors);
        }

        foreach (var recursor in recursors)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.RecursorTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
                var length = await ExchangeAsync(recursor, packet, tcp, response, linked.Token).ConfigureAwait(false);
                if (length < DnsConstants.HeaderSize || BinaryPrimitives.ReadUInt16BigEndian(response) != request.Id)
                {
                    continue;
                }

                var rcode = response[3] & 0xF;
                if (rcode is not (DnsConstants.RcodeNoError or DnsConstants.RcodeNxDomain))
                {
                    continue;
                }

                if (!tcp && length > DnsResponseWriter.MaxUdpSize(request))
                {
                    // Never send more than the client accepts: header with TC, so it retries over TCP.
                    response[2] |= 0x02;
                    response.AsSpan(4, 8).Clear();
                    return DnsConstants.HeaderSize;
                }

                return length;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException && !ct.IsCancellationRequested)
            {
                Log.RecursorError(_log, recursor.ToString(), ex.Message);
            }
        }

        Log.RecursionFailed(_log, request.Name, client?.ToString() ?? "");
        var failed = new DnsAnswer { Rcode = DnsConstants.RcodeServFail, Authoritative = false };
        return _responses.Write(request, failed, tcp, recursionAvailable: true, response);
    }

    private static async Task<int> ExchangeAsync(IPEndPoint recursor, byte[] packet, bool tcp, byte[] response, CancellationToken ct)
    {
        if (tcp)
        {
            using var s = new Socket(recursor.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await s.ConnectAsync(recursor, ct).ConfigureAwait(false);
            var framed = new byte[packet.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)packet.Length);
            packet.CopyTo(framed, 2);
            await s.SendAsync(framed, SocketFlags.None, ct).ConfigureAwait(false);
            if (!await ReadExactlyAsync(s, response.AsMemory(0, 2), ct).ConfigureAwait(false))
            {
                return 0;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(response);
            return await ReadExactlyAsync(s, response.AsMemory(0, size), ct).ConfigureAwait(false) ? size : 0;
        }

        using var udp = new Socket(recursor.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await udp.ConnectAsync(recursor, ct).ConfigureAwait(false);
        await udp.SendAsync(packet, SocketFlags.None, ct).ConfigureAwait(false);
        return await udp.ReceiveAsync(response, SocketFlags.None, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var s in _sockets)
        {
            s.Dispose();
        }

        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
