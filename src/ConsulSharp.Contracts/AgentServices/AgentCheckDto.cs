namespace ConsulSharp.Contracts.AgentServices;

/// <summary>A health check as the agent endpoints return it (Consul <c>api.HealthCheck</c>), in Consul's field order.</summary>
public sealed record AgentCheckDto
{
    public string Node { get; init; } = "";

    public required string CheckID { get; init; }

    public string Name { get; init; } = "";

    public string Status { get; init; } = "";

    public string Notes { get; init; } = "";

    public string Output { get; init; } = "";

    public string ServiceID { get; init; } = "";

    public string ServiceName { get; init; } = "";

    public List<string> ServiceTags { get; init; } = [];

    public string Type { get; init; } = "";

    public string Interval { get; init; } = "";

    public string Timeout { get; init; } = "";

    public int ExposedPort { get; init; }

    public HealthCheckDefinitionDto Definition { get; init; } = new();

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
