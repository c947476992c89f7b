using Microsoft.Extensions.Logging;

namespace ConsulSharp.Hosting;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Starting server: protocol=http address={Address} network=tcp")]
    public static partial void StartingHttp(ILogger logger, string address);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Starting server: protocol=https address={Address} network=tcp")]
    public static partial void StartingHttps(ILogger logger, string address);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Consul agent running!")]
    public static partial void AgentRunning(ILogger logger);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Requesting shutdown")]
    public static partial void RequestingShutdown(ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Stopping server: protocol=http address={Address} network=tcp")]
    public static partial void StoppingHttp(ILogger logger, string address);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "shutdown complete")]
    public static partial void ShutdownComplete(ILogger logger);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Reloading configuration...")]
    public static partial void Reloading(ILogger logger);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Reload: {Setting} cannot be changed at runtime; restart the agent to apply it")]
    public static partial void ReloadNotApplied(ILogger logger, string setting);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "{Role} down")]
    public static partial void RoleDown(ILogger logger, string role);

    [LoggerMessage(EventId = 150, Level = LogLevel.Information, Message = "Started DNS server: address={Address} network={Network}")]
    public static partial void StartedDns(ILogger logger, string address, string network);

    [LoggerMessage(EventId = 151, Level = LogLevel.Information, Message = "Stopping server: protocol=DNS address={Address} network={Network}")]
    public static partial void StoppingDns(ILogger logger, string address, string network);
}
