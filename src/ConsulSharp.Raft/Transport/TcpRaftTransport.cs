using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsulSharp.Raft.Transport;

/// <summary>
/// Raft over plain TCP with length-prefixed binary frames. Each connection starts with the protocol byte
/// <see cref="ProtocolByte"/> (Consul's RPC multiplexer uses 0x01 for Raft on port 8300), then a Hello frame (version,
/// sender address). Message connections are one-way streams of Message frames (one per peer and direction, so appends
/// are pipelined and ordered); a snapshot gets its own connection: header, data chunks, end, then an ack back.
/// A server that owns the listening socket reads the first byte itself and hands the rest to
/// <see cref="HandleConnectionAsync"/>; <see cref="Listen"/> does that for standalone use.
/// </summary>
public sealed class TcpRaftTransport : IRaftTransport
{
    public const byte ProtocolByte = 0x01;
    private const byte HelloVersion = 1;
    private const int ChunkSize = 256 * 1024;
    private const int IpProtoTcp = 6;
    private const int TcpUserTimeoutOption = 18;

    private readonly ConcurrentDictionary<string, PeerConnection> _peers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, bool> _inbound = new();
    private IRaftMessageHandler? _handler;
    private TcpListener? _listener;
    private TcpListener? _listenerPending;
    private Task? _acceptLoop;

    public TcpRaftTransport(string advertiseAddress, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        LocalAddress = advertiseAddress;
        Time = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
    }

    public string LocalAddress { get; private set; }

    /// <summary>How long a connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long sent data may stay unacknowledged before the kernel aborts the connection (TCP_USER_TIMEOUT, Linux).
    /// Without it a connection whose packets are silently dropped (a partition) stays open and retransmits with
    /// exponential backoff, so after the network heals the peer hears nothing until the next retransmission, up to
    /// minutes later; with it the connection fails and is reopened (Consul's transport gets the same from its 10 s RPC
    /// deadline). Zero leaves the kernel default.
    /// </summary>
    public TimeSpan UserTimeout { get; init; } = TimeSpan.FromSeconds(5);

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    /// <summary>Creates a transport with its own listener on <paramref name="endpoint"/> (port 0 picks a free port; the
    /// bound address becomes <see cref="LocalAddress"/>).</summary>
    public static TcpRaftTransport Listen(IPEndPoint endpoint, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        var listener = new TcpListener(endpoint);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start(512);
        var bound = (IPEndPoint)listener.LocalEndpoint;
        return new TcpRaftTransport(bound.ToString(), timeProvider, logger) { _listenerPending = listener };
    }

    public void Start(IRaftMessageHandler handler)
    {
        _handler = handler;
        if (_listenerPending is not null)
        {
            _listener = _listenerPending;
            _listenerPending = null;
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }
    }

    public void Send(string address, RaftMessage message)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        var peer = _peers.GetOrAdd(address, a => new PeerConnection(this, a, _stop.Token));
        peer.Enqueue(message);
    }

    public async Task SendSnapshotAsync(string address, RaftMessage header, Stream data, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var ct = linked.Token;
        using var client = await ConnectAsync(address, ct);
        await using var stream = client.GetStream();
        var buffer = new ArrayBufferWriter<byte>(ChunkSize + 64);
        WritePreamble(buffer);
        FrameIO.Write(buffer, FrameType.SnapshotHeader, w => MessageCodec.Encode(header, w));
        await stream.WriteAsync(buffer.WrittenMemory, ct);
        var chunk = new byte[ChunkSize];
        while (true)
        {
            var n = await data.ReadAsync(chunk, ct);
            if (n == 0)
            {
                break;
            }

            buffer.Clear();
            FrameIO.Write(buffer, FrameType.SnapshotChunk, w => w.Write(chunk.AsSpan(0, n)));
            await stream.WriteAsync(buffer.WrittenMemory, ct);
        }

        buffer.Clear();
        FrameIO.Write(buffer, FrameType.SnapshotEnd, _ => { });
        await stream.WriteAsync(buffer.WrittenMemory, ct);
        var ack = await FrameIO.ReadAsync(stream, new byte[5], ct) ?? throw new IOException("connection closed before the snapshot was acknowledged");
        if (ack.Type != FrameType.SnapshotAck || ack.Payload.Length == 0 || ack.Payload[0] != 1)
        {
            throw new IOException($"{address} refused the snapshot: {System.Text.Encoding.UTF8.GetString(ack.Payload.AsSpan(Math.Min(1, ack.Payload.Length)))}");
        }
    }

    /// <summary>Serves one accepted connection whose protocol byte (<see cref="ProtocolByte"/>) was already read.</summary>
    public async Task HandleConnectionAsync(Stream stream, CancellationToken cancellationToken)
    {
        var handler = _handler ?? throw new InvalidOperationException("transport not started");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var ct = linked.Token;
        var header = new byte[5];

        // Reads go through a buffer (many small frames per syscall); the snapshot ack is written to the raw stream.
        var input = new BufferedStream(stream, 1 << 16);
        var hello = await FrameIO.ReadAsync(input, header, ct);
        if (hello is null || hello.Value.Type != FrameType.Hello || hello.Value.Payload.Length < 1 || hello.Value.Payload[0] != HelloVersion)
        {
            throw new InvalidDataException("raft connection did not start with a supported hello");
        }

        var pos = 1;
        var from = MessageCodec.ReadString(hello.Value.Payload, ref pos);
        while (true)
        {
            var frame = await FrameIO.ReadAsync(input, header, ct);
            if (frame is null)
            {
                return;
            }

            switch (frame.Value.Type)
            {
                case FrameType.Message:
                    handler.OnMessage(MessageCodec.Decode(frame.Value.Payload), from);
                    break;
                case FrameType.SnapshotHeader:
                    {
                        var snapHeader = MessageCodec.Decode(frame.Value.Payload);
                        var body = new SnapshotReadStream(input);
                        byte[] ack;
                        try
                        {
                            await handler.ReceiveSnapshotAsync(snapHeader, body, from, ct);
                            await body.DrainAsync(ct);
                            ack = [1];
                        }
                        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
                        {
                            ack = [0, .. System.Text.Encoding.UTF8.GetBytes(ex.Message)];
                        }

                        var w = new ArrayBufferWriter<byte>();
                        FrameIO.Write(w, FrameType.SnapshotAck, b => b.Write(ack));
                        await stream.WriteAsync(w.WrittenMemory, ct);
                        return;
                    }

                default:
                    throw new InvalidDataException($"unexpected raft frame {frame.Value.Type}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        _listenerPending?.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        foreach (var p in _peers.Values)
        {
            await p.Completion;
        }

        await Task.WhenAll(_inbound.Keys);
        _stop.Dispose();
    }

    internal void WritePreamble(ArrayBufferWriter<byte> buffer)
    {
        buffer.GetSpan(1)[0] = ProtocolByte;
        buffer.Advance(1);
        FrameIO.Write(buffer, FrameType.Hello, w =>
        {
            w.GetSpan(1)[0] = HelloVersion;
            w.Advance(1);
            MessageCodec.WriteString(w, LocalAddress);
        });
    }

    internal async Task<TcpClient> ConnectAsync(string address, CancellationToken cancellationToken)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            throw new InvalidOperationException($"bad raft address '{address}'");
        }

        var host = address[..colon].Trim('[', ']');
        var client = new TcpClient { NoDelay = true };
        try
        {
            if (OperatingSystem.IsLinux() && UserTimeout > TimeSpan.Zero)
            {
                client.Client.SetRawSocketOption(IpProtoTcp, TcpUserTimeoutOption, BitConverter.GetBytes((int)UserTimeout.TotalMilliseconds));
            }

            using var timeout = new CancellationTokenSource(ConnectTimeout, Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            await client.ConnectAsync(host, port, linked.Token);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            var task = ServeAsync(socket);
            _inbound[task] = true;
            _ = task.ContinueWith(t => _inbound.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var first = new byte[1];
            if (await stream.ReadAsync(first, _stop.Token) != 1 || first[0] != ProtocolByte)
            {
                return;
            }

            await HandleConnectionAsync(stream, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or EndOfStreamException)
        {
            Log.InboundEnded(Logger, ex);
        }
    }
}
