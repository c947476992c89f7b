using Microsoft.Extensions.Logging;

namespace ConsulSharp.Gossip.Serf;

/// <summary>serf logs: event ids 2200-2299.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "serf: EventMemberJoin: {Node} {Address}")]
    public static partial void MemberJoined(ILogger logger, string node, System.Net.IPAddress address);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "serf: {EventType}: {Node}")]
    public static partial void MemberChanged(ILogger logger, MemberEventType eventType, string node);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "serf: dropped malformed message: {Reason}")]
    public static partial void DroppedMessage(ILogger logger, string reason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Debug, Message = "serf: refuting an older leave intent")]
    public static partial void RefutingLeave(ILogger logger);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "serf: reply for non-running query (LTime {LTime}, ID {Id}) from {From}")]
    public static partial void StrayQueryResponse(ILogger logger, ulong lTime, uint id, string from);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "serf: attempting reconnect to {Node} {Address}:{Port}")]
    public static partial void Reconnecting(ILogger logger, string node, System.Net.IPAddress address, int port);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "serf: reaping {Node} ({Status})")]
    public static partial void Reaping(ILogger logger, string node, MemberStatus status);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "serf: failed to handle internal query {Name}: {Reason}")]
    public static partial void InternalQueryFailed(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Warning, Message = "serf: event {Name} at LTime {LTime} is too old, ignoring")]
    public static partial void OldEvent(ILogger logger, string name, ulong lTime);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Error, Message = "serf: background task failed")]
    public static partial void BackgroundFailed(ILogger logger, System.Exception exception);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "serf: failed to rejoin previous members from the snapshot: {Reason}")]
    public static partial void RejoinFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Debug, Message = "serf: ignoring leave intent for {Node} at LTime {LTime}: member time {StatusLTime}, status {Status}")]
    public static partial void IgnoredLeaveIntent(ILogger logger, string node, ulong lTime, ulong statusLTime, MemberStatus status);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Debug, Message = "serf: leave intent for {Node} at LTime {LTime}: {OldStatus} -> {Status}")]
    public static partial void AppliedLeaveIntent(ILogger logger, string node, ulong lTime, MemberStatus oldStatus, MemberStatus status);

    [LoggerMessage(EventId = 2213, Level = LogLevel.Debug, Message = "serf: join time for {Node} {OldLTime} -> {LTime} (status {Status})")]
    public static partial void AppliedJoinIntent(ILogger logger, string node, ulong oldLTime, ulong lTime, MemberStatus status);

    [LoggerMessage(EventId = 2214, Level = LogLevel.Debug, Message = "serf: ignoring push/pull left entry for {Node}: the sender's memberlist state for it is older than its alive state here")]
    public static partial void IgnoredStaleLeft(ILogger logger, string node);
}
