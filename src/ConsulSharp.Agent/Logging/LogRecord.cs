using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Logging;

/// <summary>One log event, before formatting. Sinks format it as text or JSON as they need.</summary>
public readonly record struct LogRecord(
    DateTimeOffset Timestamp,
    LogLevel Level,
    string Module,
    string Message,
    IReadOnlyList<KeyValuePair<string, object?>> Pairs,
    Exception? Exception);
