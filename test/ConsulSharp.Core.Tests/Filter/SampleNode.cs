namespace ConsulSharp.Core.Tests.Filter;

// Stand-in for Consul's ServiceNode shape, to exercise every kind of field.
public sealed record SampleNode
{
    public string Node { get; init; } = string.Empty;

    public string Address { get; init; } = string.Empty;

    public string Datacenter { get; init; } = "dc1";

    public Dictionary<string, string>? TaggedAddresses { get; init; }

    public Dictionary<string, string>? NodeMeta { get; init; }

    public string ServiceName { get; init; } = string.Empty;

    public string? ServiceKind { get; init; }

    public List<string>? ServiceTags { get; init; }

    public Dictionary<string, string>? ServiceMeta { get; init; }

    public int ServicePort { get; init; }

    public bool ServiceEnableTagOverride { get; init; }

    public SampleWeights? ServiceWeights { get; init; }

    public Dictionary<string, SampleAddress>? ServiceTaggedAddresses { get; init; }

    public List<SampleCheck>? Checks { get; init; }

    public double Score { get; init; }

    public ulong ModifyIndex { get; init; }

    public short Small { get; init; }

    public List<List<string>>? Groups { get; init; }

    public List<Dictionary<string, string>>? Labels { get; init; }
}
