using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.AgentServices;

/// <summary>A local service as the agent endpoints return it (Consul <c>api.AgentService</c>), in Consul's field order.</summary>
public sealed record AgentServiceDto
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    public required string ID { get; init; }

    public required string Service { get; init; }

    public List<string> Tags { get; init; } = [];

    public Dictionary<string, string> Meta { get; init; } = [];

    public int Port { get; init; }

    public string Address { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, ServiceAddressDto>? TaggedAddresses { get; init; }

    public AgentWeights Weights { get; init; } = new();

    public bool EnableTagOverride { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentHash { get; init; }

    public string Datacenter { get; init; } = "";
}
