namespace ConsulSharp.Contracts.Operator;

/// <summary>One server in <c>/v1/operator/autopilot/state</c> (Consul's <c>api.AutopilotServer</c>).</summary>
public sealed record AutopilotServerDto
{
    public required string ID { get; init; }

    public required string Name { get; init; }

    public required string Address { get; init; }

    public required string NodeStatus { get; init; }

    public required string Version { get; init; }

    public required string LastContact { get; init; }

    public ulong LastTerm { get; init; }

    public ulong LastIndex { get; init; }

    public bool Healthy { get; init; }

    public required string StableSince { get; init; }

    public bool ReadReplica { get; init; }

    /// <summary>leader, voter, non-voter or staging.</summary>
    public required string Status { get; init; }

    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    public string NodeType { get; init; } = "voter";
}
