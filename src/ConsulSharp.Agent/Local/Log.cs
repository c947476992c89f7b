using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Local;

/// <summary>Local state and anti-entropy logs (loggers <c>agent</c> and <c>agent.anti_entropy</c>), event ids 6000-6099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Synced node info")]
    public static partial void SyncedNode(ILogger logger);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Synced service: service={Service}")]
    public static partial void SyncedService(ILogger logger, string service);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Synced check: check={Check}")]
    public static partial void SyncedCheck(ILogger logger, string check);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Deregistered service: service={Service}")]
    public static partial void DeregisteredService(ILogger logger, string service);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Deregistered check: check={Check}")]
    public static partial void DeregisteredCheck(ILogger logger, string check);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "failed to sync remote state: error=\"{Error}\"")]
    public static partial void SyncFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "Node info in sync")]
    public static partial void InSync(ILogger logger);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Service entered maintenance mode: service={Service}")]
    public static partial void ServiceMaintenanceOn(ILogger logger, string service);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Service left maintenance mode: service={Service}")]
    public static partial void ServiceMaintenanceOff(ILogger logger, string service);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Node entered maintenance mode")]
    public static partial void NodeMaintenanceOn(ILogger logger);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information, Message = "Node left maintenance mode")]
    public static partial void NodeMaintenanceOff(ILogger logger);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Information, Message = "Check critical for too long, deregistering service: service={Service} check={Check} timeout={Timeout}")]
    public static partial void ReapingService(ILogger logger, string service, string check, string timeout);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Debug, Message = "anti-entropy skipped: no server available in-process (client mode)")]
    public static partial void NoServer(ILogger logger);

    [LoggerMessage(EventId = 6016, Level = LogLevel.Information, Message = "restored service definition from data dir: service={Service}")]
    public static partial void RestoredService(ILogger logger, string service);

    [LoggerMessage(EventId = 6017, Level = LogLevel.Information, Message = "restored check definition from data dir: check={Check}")]
    public static partial void RestoredCheck(ILogger logger, string check);

    [LoggerMessage(EventId = 6018, Level = LogLevel.Warning, Message = "failed to restore a persisted definition; skipping it: file={File} error=\"{Error}\"")]
    public static partial void RestoreFailed(ILogger logger, string file, string error);

    [LoggerMessage(EventId = 6019, Level = LogLevel.Information, Message = "restored TTL check status from data dir: check={Check} status={Status}")]
    public static partial void RestoredCheckState(ILogger logger, string check, string status);
}
