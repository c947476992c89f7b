namespace ConsulSharp.Contracts.Operator;

/// <summary>One gossip pool's keyring state, as <c>GET /v1/operator/keyring</c> lists it.</summary>
public sealed record KeyringResponseDto
{
    public bool WAN { get; init; }

    public string Datacenter { get; init; } = "";

    public string Segment { get; init; } = "";

    public Dictionary<string, string> Messages { get; init; } = [];

    public Dictionary<string, int> Keys { get; init; } = [];

    public Dictionary<string, int> PrimaryKeys { get; init; } = [];

    public int NumNodes { get; init; }
}
