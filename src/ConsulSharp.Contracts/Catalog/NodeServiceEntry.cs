using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Catalog;

/// <summary>A service instance on a node (Consul <c>NodeService</c>), fields in Consul's output order.</summary>
public sealed record NodeServiceEntry
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    public required string ID { get; init; }

    public required string Service { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string Address { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, ServiceAddressEntry>? TaggedAddresses { get; init; }

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Port { get; init; }

    public WeightsEntry? Weights { get; init; }

    public bool EnableTagOverride { get; init; }

    public ProxyConfigEntry Proxy { get; init; } = ProxyConfigEntry.Default;

    public EmptyObject Connect { get; init; } = EmptyObject.Instance;

    public string PeerName { get; init; } = "";

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
