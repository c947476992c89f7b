using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

/// <summary>Timeline of memberlist/serf information lines of every bench node (for <c>--trace FILE</c>).</summary>
internal sealed class TraceLog
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Mark(string text) => _lines.Enqueue($"{_clock.Elapsed.TotalSeconds,9:0.000} ---- {text}");

    public ILoggerFactory For(string node) => new Factory(this, node);

    public void WriteTo(string path) => File.WriteAllLines(path, _lines);

    private sealed class Factory(TraceLog log, string node) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new Logger(log, node);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(TraceLog log, string node) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._lines.Enqueue($"{log._clock.Elapsed.TotalSeconds,9:0.000} {node} {eventId.Id} {formatter(state, exception)}");
            }
        }
    }
}
