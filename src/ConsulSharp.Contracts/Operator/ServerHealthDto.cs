namespace ConsulSharp.Contracts.Operator;

/// <summary>One server in <c>/v1/operator/autopilot/health</c> (Consul's <c>api.ServerHealth</c>).</summary>
public sealed record ServerHealthDto
{
    public required string ID { get; init; }

    public required string Name { get; init; }

    public required string Address { get; init; }

    public required string SerfStatus { get; init; }

    public required string Version { get; init; }

    public bool Leader { get; init; }

    public required string LastContact { get; init; }

    public ulong LastTerm { get; init; }

    public ulong LastIndex { get; init; }

    public bool Healthy { get; init; }

    public bool Voter { get; init; }

    public required string StableSince { get; init; }
}
