namespace ConsulSharp.Contracts.Agent;

/// <summary><c>GET /v1/agent/metrics</c> in JSON form.</summary>
public sealed record MetricsSummary
{
    public required string Timestamp { get; init; }

    public required List<GaugeValue> Gauges { get; init; }

    public List<PointValue> Points { get; init; } = [];

    public required List<SampledValue> Counters { get; init; }

    public required List<SampledValue> Samples { get; init; }
}
