using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Logging;

/// <summary>
/// The agent's one logger provider: writes Consul-shaped lines to the console (stdout, as Consul does), to the log
/// file when configured, and to live monitor subscribers. The minimum level can change at runtime (reload).
/// </summary>
public sealed class ConsulLoggerProvider : ILoggerProvider
{
    private readonly TextWriter? _console;
    private readonly RotatingFileWriter? _file;
    private readonly Lock _writeGate = new();
    private readonly TimeProvider _time;

    public ConsulLoggerProvider(LogLevel minLevel, bool json, TextWriter? console, RotatingFileWriter? file, LogBroadcaster broadcaster, TimeProvider time)
    {
        MinLevel = minLevel;
        Json = json;
        _console = console;
        _file = file;
        Broadcaster = broadcaster;
        _time = time;
    }

    public LogLevel MinLevel { get; set; }

    public bool Json { get; }

    public LogBroadcaster Broadcaster { get; }

    public ILogger CreateLogger(string categoryName) => new ConsulLogger(this, categoryName, ConsulLogFormatter.ModuleFor(categoryName));

    public void Dispose() => _file?.Dispose();

    internal bool IsEnabled(string category, LogLevel level)
    {
        if (level == LogLevel.None)
        {
            return false;
        }

        if (ConsulLogFormatter.IsFrameworkNoise(category, level))
        {
            return false;
        }

        return level >= MinLevel || (Broadcaster.HasSubscribers && level >= LogLevel.Trace);
    }

    internal void Write(in LogRecord record)
    {
        Broadcaster.Publish(record);
        if (record.Level < MinLevel)
        {
            return;
        }

        var line = Json ? ConsulLogFormatter.FormatJson(record) : ConsulLogFormatter.FormatText(record);
        lock (_writeGate)
        {
            _console?.WriteLine(line);
            _console?.Flush();
            _file?.WriteLine(line);
        }
    }

    internal DateTimeOffset Now() => _time.GetUtcNow();

    private sealed class ConsulLogger(ConsulLoggerProvider provider, string category, string module) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => provider.IsEnabled(category, logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            IReadOnlyList<KeyValuePair<string, object?>> pairs = [];
            if (state is IReadOnlyList<KeyValuePair<string, object?>> list && list.Count > 1)
            {
                pairs = list.Where(p => p.Key != "{OriginalFormat}").ToArray();
            }

            var message = formatter(state, exception);
            var record = new LogRecord(provider.Now(), logLevel, module, message, pairs, exception);
            provider.Write(record);
        }
    }
}
