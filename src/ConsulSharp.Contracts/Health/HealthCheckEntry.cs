namespace ConsulSharp.Contracts.Health;

/// <summary>A health check (Consul <c>HealthCheck</c>), fields in Consul's output order.</summary>
public sealed record HealthCheckEntry
{
    public required string Node { get; init; }

    public required string CheckID { get; init; }

    public string Name { get; init; } = "";

    public string Status { get; init; } = "";

    public string Notes { get; init; } = "";

    public string Output { get; init; } = "";

    public string ServiceID { get; init; } = "";

    public string ServiceName { get; init; } = "";

    public IReadOnlyList<string> ServiceTags { get; init; } = [];

    public string Type { get; init; } = "";

    public string Interval { get; init; } = "";

    public string Timeout { get; init; } = "";

    public int ExposedPort { get; init; }

    public HealthCheckDefinitionEntry Definition { get; init; } = HealthCheckDefinitionEntry.Empty;

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
