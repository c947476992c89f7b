using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Checks;

/// <summary>Check runner logs (logger <c>agent</c>, as Consul's check lines), event ids 6100-6199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Debug, Message = "Check status updated: check={Check} status={Status}")]
    public static partial void StatusUpdated(ILogger logger, string check, string status);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Check is now critical: check={Check}")]
    public static partial void NowCritical(ILogger logger, string check);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Check failed with an unexpected error: check={Check} error=\"{Error}\"")]
    public static partial void CheckCrashed(ILogger logger, string check, string error);
}
