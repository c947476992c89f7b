using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Gossip.Transport;

/// <summary>UDP + TCP on the same port. Port 0 picks a free port that is free for both protocols.</summary>
internal sealed class NetTransport : IGossipTransport
{
    private const int MaxPacketSize = 65536;
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly Channel<IncomingPacket> _packets = Channel.CreateBounded<IncomingPacket>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<IncomingStream> _streams = Channel.CreateBounded<IncomingStream>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    public NetTransport(IPAddress bindAddress, int port, IPAddress? advertiseAddress, int advertisePort, TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        (_tcp, _udp) = Bind(bindAddress, port);
        var bound = (IPEndPoint)_udp.LocalEndPoint!;
        var address = advertiseAddress ?? bindAddress;
        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }

        LocalEndPoint = new IPEndPoint(address, advertisePort > 0 ? advertisePort : bound.Port);
        _udpLoop = Task.Run(() => UdpLoopAsync(_stop.Token));
        _tcpLoop = Task.Run(() => TcpLoopAsync(_stop.Token));
    }

    public IPEndPoint LocalEndPoint { get; }

    public ChannelReader<IncomingPacket> Packets => _packets.Reader;

    public ChannelReader<IncomingStream> Streams => _streams.Reader;

    public async ValueTask SendPacketAsync(IPEndPoint destination, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        try
        {
            await _udp.SendToAsync(packet, SocketFlags.None, destination, cancellationToken);
        }
        catch (SocketException ex)
        {
            Log.PacketSendFailed(_logger, destination, ex.SocketErrorCode);
        }
    }

    public async ValueTask<Stream> DialAsync(IPEndPoint destination, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        cts.CancelAfter(timeout);
        var socket = new Socket(destination.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(destination, cts.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new NetworkStream(socket, ownsSocket: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _tcp.Stop();
        _udp.Dispose();
        _tcp.Dispose();
        try
        {
            await Task.WhenAll(_udpLoop, _tcpLoop);
        }
        catch (OperationCanceledException)
        {
        }

        _packets.Writer.TryComplete();
        _streams.Writer.TryComplete();
        _stop.Dispose();
    }

    private static (TcpListener Tcp, Socket Udp) Bind(IPAddress address, int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            var tcp = new TcpListener(address, port);
            tcp.Start(256);
            var actual = ((IPEndPoint)tcp.LocalEndpoint).Port;
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.ReceiveBufferSize = 2 * 1024 * 1024;
                udp.Bind(new IPEndPoint(address, actual));
                return (tcp, udp);
            }
            catch (SocketException) when (port == 0 && attempt < 20)
            {
                udp.Dispose();
                tcp.Stop();
                tcp.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp.Stop();
                tcp.Dispose();
                throw;
            }
        }
    }

    private async Task UdpLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxPacketSize];
        EndPoint any = new IPEndPoint(_udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue;
            }
            catch (SocketException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            if (result.ReceivedBytes < 1)
            {
                continue;
            }

            var packet = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            _packets.Writer.TryWrite(new IncomingPacket(packet, (IPEndPoint)result.RemoteEndPoint, _time.GetTimestamp()));
        }
    }

    private async Task TcpLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _tcp.AcceptSocketAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            socket.NoDelay = true;
            var stream = new NetworkStream(socket, ownsSocket: true);
            if (!_streams.Writer.TryWrite(new IncomingStream(stream, (IPEndPoint)socket.RemoteEndPoint!)))
            {
                await stream.DisposeAsync();
            }
        }
    }
}
