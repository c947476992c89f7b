namespace ConsulSharp.Core.Structs;

/// <summary>A health check row (Consul <c>structs.HealthCheck</c>), keyed case-insensitively by (Node, CheckId).</summary>
public sealed record HealthCheck
{
    public required string Node { get; init; }

    public required string CheckId { get; init; }

    public string Name { get; init; } = "";

    /// <summary>One of <see cref="HealthStatus"/>; an empty status is stored as critical.</summary>
    public string Status { get; init; } = "";

    public string Notes { get; init; } = "";

    public string Output { get; init; } = "";

    public string ServiceId { get; init; } = "";

    public string ServiceName { get; init; } = "";

    public IReadOnlyList<string> ServiceTags { get; init; } = [];

    public string Type { get; init; } = "";

    public string Interval { get; init; } = "";

    public string Timeout { get; init; } = "";

    public HealthCheckDefinition Definition { get; init; } = HealthCheckDefinition.Empty;

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    /// <summary>Same content, ignoring the raft indexes (Consul <c>HealthCheck.IsSame</c>).</summary>
    public bool IsSame(HealthCheck other) =>
        string.Equals(Node, other.Node, StringComparison.OrdinalIgnoreCase) && CheckId == other.CheckId
        && Name == other.Name && Status == other.Status && Notes == other.Notes && Output == other.Output
        && ServiceId == other.ServiceId && ServiceName == other.ServiceName
        && StructEquality.Same(ServiceTags, other.ServiceTags) && Type == other.Type && Interval == other.Interval
        && Timeout == other.Timeout && Definition.IsSame(other.Definition);
}
