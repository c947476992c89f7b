using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Catalog;

/// <summary>One instance as <c>/v1/catalog/service/:name</c> lists it (Consul <c>ServiceNode</c>), in Consul's order.</summary>
public sealed record ServiceNodeEntry
{
    public string ID { get; init; } = "";

    public required string Node { get; init; }

    public string Address { get; init; } = "";

    public string Datacenter { get; init; } = "";

    public IReadOnlyDictionary<string, string>? TaggedAddresses { get; init; }

    public IReadOnlyDictionary<string, string>? NodeMeta { get; init; }

    public string ServiceKind { get; init; } = "";

    public required string ServiceID { get; init; }

    public required string ServiceName { get; init; }

    public IReadOnlyList<string> ServiceTags { get; init; } = [];

    public string ServiceAddress { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, ServiceAddressEntry>? ServiceTaggedAddresses { get; init; }

    public WeightsEntry ServiceWeights { get; init; } = new();

    public IReadOnlyDictionary<string, string>? ServiceMeta { get; init; }

    public int ServicePort { get; init; }

    public string ServiceSocketPath { get; init; } = "";

    public bool ServiceEnableTagOverride { get; init; }

    public ProxyConfigEntry ServiceProxy { get; init; } = ProxyConfigEntry.Default;

    public EmptyObject ServiceConnect { get; init; } = EmptyObject.Instance;

    public object? ServiceLocality { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
