using System.Net;

namespace ConsulSharp.Gossip.Transport;

/// <summary>An accepted stream connection; the receiver owns and disposes <see cref="Stream"/>.</summary>
internal sealed record IncomingStream(Stream Stream, IPEndPoint From);
