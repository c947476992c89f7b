namespace ConsulSharp.Contracts.Catalog;

/// <summary>A catalog node (Consul <c>Node</c>), fields in Consul's output order.</summary>
public sealed record NodeEntry
{
    public string ID { get; init; } = "";

    public required string Node { get; init; }

    public string Address { get; init; } = "";

    public string Datacenter { get; init; } = "";

    public IReadOnlyDictionary<string, string>? TaggedAddresses { get; init; }

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
