using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Endpoints;

/// <summary>Server endpoint logs (Consul's texts), event ids 3700-3719 (ACL).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3700, Level = LogLevel.Information, Message = "ACL bootstrap completed")]
    public static partial void BootstrapCompleted(ILogger logger);

    [LoggerMessage(EventId = 3701, Level = LogLevel.Warning, Message = "failed to remove bootstrap file: error=\"{Error}\"")]
    public static partial void ResetFileNotRemoved(ILogger logger, string error);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Information, Message = "Created ACL '{Name}' policy")]
    public static partial void CreatedPolicy(ILogger logger, string name);

    [LoggerMessage(EventId = 3703, Level = LogLevel.Information, Message = "Bootstrapped ACL initial management token from configuration")]
    public static partial void InitialManagementBootstrapped(ILogger logger);

    [LoggerMessage(EventId = 3704, Level = LogLevel.Warning, Message = "Failed to bootstrap ACL initial management token from configuration: error=\"{Error}\"")]
    public static partial void InitialManagementBootstrapFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3705, Level = LogLevel.Information, Message = "Created ACL initial management token from configuration")]
    public static partial void InitialManagementCreated(ILogger logger);

    [LoggerMessage(EventId = 3706, Level = LogLevel.Information, Message = "Created ACL anonymous token from configuration")]
    public static partial void AnonymousCreated(ILogger logger);

    [LoggerMessage(EventId = 3707, Level = LogLevel.Error, Message = "failed to initialize ACLs: error=\"{Error}\"")]
    public static partial void InitializeFailed(ILogger logger, string error);
}
