using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Logging;

/// <summary>
/// Fans log records out to live subscribers (<c>/v1/agent/monitor</c>). A slow subscriber loses records instead of
/// slowing the agent: each has a bounded queue that drops the oldest entry when full, as Consul's monitor does.
/// </summary>
public sealed class LogBroadcaster
{
    private readonly Lock _gate = new();
    private Subscription[] _subscribers = [];

    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    public void Publish(in LogRecord record)
    {
        foreach (var s in Volatile.Read(ref _subscribers))
        {
            if (record.Level >= s.MinLevel)
            {
                s.Channel.Writer.TryWrite(record);
            }
        }
    }

    public Subscription Subscribe(LogLevel minLevel, int capacity = 512)
    {
        var channel = Channel.CreateBounded<LogRecord>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var sub = new Subscription(this, minLevel, channel);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, sub];
        }

        return sub;
    }

    private void Remove(Subscription sub)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(s => s != sub).ToArray();
        }

        sub.Channel.Writer.TryComplete();
    }

    public sealed class Subscription : IDisposable
    {
        private readonly LogBroadcaster _owner;

        internal Subscription(LogBroadcaster owner, LogLevel minLevel, Channel<LogRecord> channel)
        {
            _owner = owner;
            MinLevel = minLevel;
            Channel = channel;
        }

        public LogLevel MinLevel { get; }

        internal Channel<LogRecord> Channel { get; }

        public ChannelReader<LogRecord> Reader => Channel.Reader;

        public void Dispose() => _owner.Remove(this);
    }
}
