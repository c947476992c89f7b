namespace ConsulSharp.Agent.Config;

/// <summary>The parts of the <c>telemetry</c> block an agent may use; every other telemetry key is accepted and ignored.</summary>
public sealed record TelemetryConfig
{
    public string MetricsPrefix { get; init; } = "consul";

    public bool DisableHostname { get; init; }

    public bool FilterDefault { get; init; } = true;

    public IReadOnlyList<string> PrefixFilter { get; init; } = [];

    public TimeSpan PrometheusRetentionTime { get; init; }

    public string? StatsdAddress { get; init; }

    public string? StatsiteAddress { get; init; }

    public string? DogstatsdAddr { get; init; }

    public IReadOnlyList<string> DogstatsdTags { get; init; } = [];
}
