using System.Net;
using System.Threading.Channels;

namespace ConsulSharp.Gossip.Transport;

/// <summary>One node's endpoint on an <see cref="InMemoryNetwork"/>.</summary>
internal sealed class InMemoryTransport : IGossipTransport
{
    private readonly InMemoryNetwork _network;
    private readonly TimeProvider _time;
    private readonly Channel<IncomingPacket> _packets = Channel.CreateUnbounded<IncomingPacket>();
    private readonly Channel<IncomingStream> _streams = Channel.CreateUnbounded<IncomingStream>();

    public InMemoryTransport(InMemoryNetwork network, IPEndPoint endpoint, TimeProvider time)
    {
        _network = network;
        _time = time;
        LocalEndPoint = endpoint;
    }

    public IPEndPoint LocalEndPoint { get; }

    public ChannelReader<IncomingPacket> Packets => _packets.Reader;

    public ChannelReader<IncomingStream> Streams => _streams.Reader;

    public ValueTask SendPacketAsync(IPEndPoint destination, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        if (!_network.PacketsDropped(LocalEndPoint, destination) && _network.TryRoute(LocalEndPoint, destination, out var target))
        {
            target!._packets.Writer.TryWrite(new IncomingPacket(packet.ToArray(), LocalEndPoint, _time.GetTimestamp()));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<Stream> DialAsync(IPEndPoint destination, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_network.TryRoute(LocalEndPoint, destination, out var target))
        {
            throw new IOException($"in-memory: {destination} unreachable");
        }

        var (local, remote) = InMemoryStream.CreatePair();
        if (!target!._streams.Writer.TryWrite(new IncomingStream(remote, LocalEndPoint)))
        {
            throw new IOException($"in-memory: {destination} closed");
        }

        return ValueTask.FromResult<Stream>(local);
    }

    public ValueTask DisposeAsync()
    {
        _network.Remove(LocalEndPoint);
        _packets.Writer.TryComplete();
        _streams.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
