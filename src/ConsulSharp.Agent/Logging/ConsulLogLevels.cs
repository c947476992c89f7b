using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Logging;

/// <summary>Consul's log level names (hclog): TRACE DEBUG INFO WARN ERR ERROR, any case.</summary>
public static class ConsulLogLevels
{
    public static bool TryParse(string? name, out LogLevel level)
    {
        switch (name?.ToUpperInvariant())
        {
            case "TRACE": level = LogLevel.Trace; return true;
            case "DEBUG": level = LogLevel.Debug; return true;
            case "INFO": level = LogLevel.Information; return true;
            case "WARN": level = LogLevel.Warning; return true;
            case "ERR" or "ERROR": level = LogLevel.Error; return true;
            default: level = LogLevel.None; return false;
        }
    }

    public static string InvalidMessage(string name) =>
        $"Invalid log level: \"{name}\". Valid log levels are: [TRACE DEBUG INFO WARN ERR ERROR]";

    /// <summary>The 7-character bracketed field hclog writes, e.g. <c>[INFO] </c>.</summary>
    public static string Field(LogLevel level) => level switch
    {
        LogLevel.Trace => "[TRACE]",
        LogLevel.Debug => "[DEBUG]",
        LogLevel.Information => "[INFO] ",
        LogLevel.Warning => "[WARN] ",
        _ => "[ERROR]",
    };

    public static string JsonName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };
}
