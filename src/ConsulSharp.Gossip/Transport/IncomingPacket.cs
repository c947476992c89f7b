using System.Net;

namespace ConsulSharp.Gossip.Transport;

/// <summary>A datagram as received; <see cref="Timestamp"/> is a <see cref="TimeProvider"/> timestamp taken on arrival.</summary>
internal sealed record IncomingPacket(byte[] Buffer, IPEndPoint From, long Timestamp);
