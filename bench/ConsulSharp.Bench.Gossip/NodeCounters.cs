using ConsulSharp.Gossip.Serf;
using Microsoft.Extensions.Logging;

/// <summary>Counts member-failed events (by reading the pool's event channel) and memberlist suspicions (log event 2110).</summary>
internal sealed class NodeCounters
{
    private int _failed;
    private int _suspicions;

    public int FailedEvents => Volatile.Read(ref _failed);

    public int Suspicions => Volatile.Read(ref _suspicions);

    public ILoggerFactory Wrap(ILoggerFactory? inner) => new Factory(this, inner);

    public async Task ConsumeAsync(SerfPool pool, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in pool.Events.ReadAllAsync(cancellationToken))
            {
                if (e is MemberEvent { Type: MemberEventType.Failed } m)
                {
                    Interlocked.Add(ref _failed, m.Members.Count);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Factory(NodeCounters counters, ILoggerFactory? inner) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new Logger(counters, inner?.CreateLogger(categoryName));

        public void Dispose()
        {
        }
    }

    private sealed class Logger(NodeCounters counters, ILogger? inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information || (inner?.IsEnabled(logLevel) ?? false);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // 2110: "Suspect X has failed" — raised by our own failed probe or on hearing a new suspicion.
            if (eventId.Id == 2110)
            {
                Interlocked.Increment(ref counters._suspicions);
            }

            inner?.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
