using System.Net;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Gossip.Transport;

/// <summary>Transport logs: event ids 2000-2049.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Failed to send packet to {Destination}: {Error}")]
    public static partial void PacketSendFailed(ILogger logger, IPEndPoint destination, System.Net.Sockets.SocketError error);
}
