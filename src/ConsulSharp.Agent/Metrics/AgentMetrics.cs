using System.Collections.Concurrent;
using System.Diagnostics;

namespace ConsulSharp.Agent.Metrics;

/// <summary>
/// The agent's metrics registry (go-metrics' in-memory sink): counters and timing samples keyed by dotted name and
/// labels, plus runtime gauges read on demand. Served by <c>/v1/agent/metrics</c> as JSON or Prometheus text.
/// </summary>
public sealed class AgentMetrics
{
    private readonly ConcurrentDictionary<(string Name, string Labels), Aggregate> _samples = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Aggregate> _counters = new();
    private readonly ConcurrentDictionary<string, Func<double>> _gauges = new(StringComparer.Ordinal);

    public AgentMetrics()
    {
        var process = Process.GetCurrentProcess();
        RegisterGauge("consul.runtime.alloc_bytes", () => GC.GetTotalMemory(false));
        RegisterGauge("consul.runtime.heap_objects", () => GC.GetGCMemoryInfo().HeapSizeBytes);
        RegisterGauge("consul.runtime.num_goroutines", () => ThreadPool.ThreadCount);
        RegisterGauge("consul.runtime.sys_bytes", () =>
        {
            process.Refresh();
            return process.WorkingSet64;
        });
        RegisterGauge("consul.runtime.total_gc_runs", () => GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2));
        RegisterGauge("consul.runtime.total_gc_pause_ns", () => GC.GetTotalPauseDuration().Ticks * 100.0);
    }

    public void RegisterGauge(string name, Func<double> read) => _gauges[name] = read;

    public void IncrCounter(string name, double value = 1, string labels = "") =>
        _counters.GetOrAdd((name, labels), static _ => new Aggregate()).Add(value);

    /// <summary>Adds a timing sample in milliseconds, as go-metrics' MeasureSince does.</summary>
    public void AddSample(string name, double milliseconds, string labels = "") =>
        _samples.GetOrAdd((name, labels), static _ => new Aggregate()).Add(milliseconds);

    public IEnumerable<(string Name, double Value)> Gauges() =>
        _gauges.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Value()));

    public IEnumerable<(string Name, string Labels, AggregateSnapshot Value)> Counters() => Snapshot(_counters);

    public IEnumerable<(string Name, string Labels, AggregateSnapshot Value)> Samples() => Snapshot(_samples);

    private static IEnumerable<(string, string, AggregateSnapshot)> Snapshot(ConcurrentDictionary<(string Name, string Labels), Aggregate> map) =>
        map.OrderBy(kv => kv.Key.Name, StringComparer.Ordinal).ThenBy(kv => kv.Key.Labels, StringComparer.Ordinal)
            .Select(kv => (kv.Key.Name, kv.Key.Labels, kv.Value.Read()));

    private sealed class Aggregate
    {
        private readonly Lock _gate = new();
        private long _count;
        private double _sum;
        private double _sumSq;
        private double _min = double.MaxValue;
        private double _max = double.MinValue;

        public void Add(double v)
        {
            lock (_gate)
            {
                _count++;
                _sum += v;
                _sumSq += v * v;
                _min = Math.Min(_min, v);
                _max = Math.Max(_max, v);
            }
        }

        public AggregateSnapshot Read()
        {
            lock (_gate)
            {
                var mean = _count == 0 ? 0 : _sum / _count;
                var variance = _count > 1 ? Math.Max(0, (_sumSq - (_count * mean * mean)) / (_count - 1)) : 0;
                return new AggregateSnapshot(_count, _sum, _count == 0 ? 0 : _min, _count == 0 ? 0 : _max, mean, Math.Sqrt(variance));
            }
        }
    }
}
