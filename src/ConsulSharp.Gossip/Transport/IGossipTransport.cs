using System.Net;
using System.Threading.Channels;

namespace ConsulSharp.Gossip.Transport;

/// <summary>
/// What memberlist needs from the network: one address for UDP-style packets and TCP-style streams. Implementations:
/// <see cref="NetTransport"/> (real sockets) and <see cref="InMemoryTransport"/> (deterministic tests).
/// Contract: packets may be lost or reordered; streams are reliable, ordered, and closed by either side.
/// </summary>
internal interface IGossipTransport : IAsyncDisposable
{
    /// <summary>The address and port other nodes use to reach us (advertised in alive messages).</summary>
    IPEndPoint LocalEndPoint { get; }

    ChannelReader<IncomingPacket> Packets { get; }

    ChannelReader<IncomingStream> Streams { get; }

    ValueTask SendPacketAsync(IPEndPoint destination, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken);

    /// <summary>Opens a stream; throws (IOException / SocketException / OperationCanceledException) when unreachable.</summary>
    ValueTask<Stream> DialAsync(IPEndPoint destination, TimeSpan timeout, CancellationToken cancellationToken);
}
