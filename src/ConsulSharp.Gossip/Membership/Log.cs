using System.Net;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Gossip.Membership;

/// <summary>memberlist logs: event ids 2100-2199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Dropped packet from {From}: {Reason}")]
    public static partial void DroppedPacket(ILogger logger, IPEndPoint from, string reason);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Failed to handle packet from {From}")]
    public static partial void PacketHandlerFailed(ILogger logger, IPEndPoint from, Exception exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Compound message from {From} had {Count} truncated parts")]
    public static partial void TruncatedCompound(ILogger logger, IPEndPoint from, int count);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Unknown message type {Type} from {From}")]
    public static partial void UnknownMessage(ILogger logger, byte type, IPEndPoint from);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Got ping for unexpected node {Node} from {From}")]
    public static partial void PingForOtherNode(ILogger logger, string node, IPEndPoint from);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Ignoring alive for {Node}: invalid protocol versions")]
    public static partial void IgnoredAliveBadVersion(ILogger logger, string node);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Ignoring alive for {Node}: invalid address")]
    public static partial void IgnoredAliveBadAddress(ILogger logger, string node);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Information, Message = "Updating address for left or failed node {Node} to {Address}:{Port}")]
    public static partial void UpdatingAddress(ILogger logger, string node, IPAddress address, int port);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Error, Message = "Conflicting address for {Node}: mine {MineAddress}:{MinePort}, theirs {TheirAddress}:{TheirPort}")]
    public static partial void ConflictingAddress(ILogger logger, string node, IPAddress mineAddress, int minePort, IPAddress theirAddress, int theirPort);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Warning, Message = "Refuting a {Kind} message (from {From})")]
    public static partial void Refuting(ILogger logger, string kind, string from);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Suspect {Node} has failed, no acks received (accused by {From})")]
    public static partial void Suspected(ILogger logger, string node, string from);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Marking {Node} as failed, suspect timeout reached ({Confirmations} peer confirmations)")]
    public static partial void SuspicionExpired(ILogger logger, string node, int confirmations);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Information, Message = "Node {Node} declared dead by {From}")]
    public static partial void MarkedDead(ILogger logger, string node, string from);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Error, Message = "Probe failed")]
    public static partial void ProbeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Warning, Message = "Was able to connect to {Node} over TCP but UDP probes failed, network may be misconfigured")]
    public static partial void TcpPingOnly(ILogger logger, string node);

    [LoggerMessage(EventId = 2115, Level = LogLevel.Debug, Message = "No ack from {Node} within the probe interval")]
    public static partial void ProbeMissed(ILogger logger, string node);

    [LoggerMessage(EventId = 2116, Level = LogLevel.Error, Message = "Gossip round failed")]
    public static partial void GossipFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2117, Level = LogLevel.Warning, Message = "Rejected stream from {From}: {Reason}")]
    public static partial void StreamRejected(ILogger logger, IPEndPoint from, string reason);

    [LoggerMessage(EventId = 2118, Level = LogLevel.Warning, Message = "Failed to handle stream from {From}: {Reason}")]
    public static partial void StreamFailed(ILogger logger, IPEndPoint from, string reason);

    [LoggerMessage(EventId = 2119, Level = LogLevel.Warning, Message = "Push/pull with {Node} failed: {Reason}")]
    public static partial void PushPullFailed(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 2120, Level = LogLevel.Warning, Message = "Failed to join {EndPoint}: {Reason}")]
    public static partial void JoinFailed(ILogger logger, IPEndPoint endPoint, string reason);

    [LoggerMessage(EventId = 2150, Level = LogLevel.Warning, Message = "ignoring alive message for '{Node}': {Reason}")]
    public static partial void IgnoredAliveRefused(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Debug, Message = "Suspicion of {Node} confirmed by {From} ({Confirmations} of {Expected} confirmations)")]
    public static partial void SuspicionConfirmed(ILogger logger, string node, string from, int confirmations, int expected);

    [LoggerMessage(EventId = 2122, Level = LogLevel.Trace, Message = "Probing {Node} (interval {Interval} ms)")]
    public static partial void Probing(ILogger logger, string node, double interval);
}
