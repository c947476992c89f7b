using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Leader;

/// <summary>Leader reconciliation logs (Consul's texts, logger <c>agent.leader</c>), event ids 3450-3469.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3450, Level = LogLevel.Information, Message = "member joined, marking health alive: member={Member} partition=default")]
    public static partial void MemberAlive(ILogger logger, string member);

    [LoggerMessage(EventId = 3451, Level = LogLevel.Information, Message = "member failed, marking health critical: member={Member} partition=default")]
    public static partial void MemberFailed(ILogger logger, string member);

    [LoggerMessage(EventId = 3452, Level = LogLevel.Information, Message = "deregistering member: member={Member} partition=default reason={Reason}")]
    public static partial void Deregistering(ILogger logger, string member, string reason);

    [LoggerMessage(EventId = 3453, Level = LogLevel.Information, Message = "ignoring failed event for member because it does not exist in the catalog: member={Member} partition=default")]
    public static partial void FailedNotInCatalog(ILogger logger, string member);

    [LoggerMessage(EventId = 3454, Level = LogLevel.Warning, Message = "skipping reconcile of node: member={Member}")]
    public static partial void Skipping(ILogger logger, string member);

    [LoggerMessage(EventId = 3455, Level = LogLevel.Warning, Message = "deregistering self should be done by follower: name={Name} partition=default")]
    public static partial void NotDeregisteringSelf(ILogger logger, string name);

    [LoggerMessage(EventId = 3456, Level = LogLevel.Error, Message = "failed to reconcile member: member={Member} error=\"{Error}\"")]
    public static partial void ReconcileFailed(ILogger logger, string member, string error);

    [LoggerMessage(EventId = 3457, Level = LogLevel.Debug, Message = "started routine: routine=\"catalog reconcile\"")]
    public static partial void Started(ILogger logger);
}
