using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

/// <summary>
/// Timeline of memberlist/serf trace+ lines (probes included) of every bench node (for <c>--trace FILE</c>). Lines carry wall-clock
/// Unix milliseconds so that node processes (<c>--processes</c>: each child appends to its own file, flushed per line)
/// and the bench's marks merge into one timeline, written with seconds relative to the first line.
/// </summary>
internal sealed class TraceLog
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<string> _childFiles = [];

    public void Mark(string text) => _lines.Enqueue(Line("----", text));

    public ILoggerFactory For(string node) => new Factory(line => _lines.Enqueue(line), node);

    /// <summary>Where a child node process appends its lines; merged by <see cref="WriteTo"/>.</summary>
    public string ChildFile(string node)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gossip-bench-trace-{Environment.ProcessId}-{node}.txt");
        File.Delete(path);
        lock (_childFiles)
        {
            _childFiles.Add(path);
        }

        return path;
    }

    /// <summary>The child side: a logger factory that appends to <paramref name="path"/> (flushed per line).</summary>
    public static ILoggerFactory ToFile(string path, string node)
    {
        var writer = new StreamWriter(path, append: true) { AutoFlush = true };
        var gate = new Lock();
        return new Factory(
            line =>
            {
                lock (gate)
                {
                    writer.WriteLine(line);
                }
            },
            node);
    }

    public void WriteTo(string path)
    {
        var all = new List<string>(_lines);
        lock (_childFiles)
        {
            foreach (var file in _childFiles.Where(File.Exists))
            {
                all.AddRange(File.ReadAllLines(file));
                File.Delete(file);
            }

            _childFiles.Clear();
        }

        var parsed = all.Select(l => (Ms: double.Parse(l[..l.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture), Text: l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]))
            .OrderBy(p => p.Ms).ToList();
        var first = parsed.Count > 0 ? parsed[0].Ms : 0;
        File.WriteAllLines(path, parsed.Select(p => string.Create(CultureInfo.InvariantCulture, $"{(p.Ms - first) / 1000.0,9:0.000} {p.Text}")));
    }

    private static string Line(string node, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeProvider.System.GetUtcNow().UtcTicks / (double)TimeSpan.TicksPerMillisecond:0.000} {node} {text}");

    private sealed class Factory(Action<string> sink, string node) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new Logger(sink, node);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(Action<string> sink, string node) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Trace;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink(Line(node, string.Create(CultureInfo.InvariantCulture, $"{eventId.Id} {formatter(state, exception)}")));
            }
        }
    }
}
