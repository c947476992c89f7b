namespace ConsulSharp.Contracts.Catalog;

/// <summary>The body of <c>/v1/catalog/node/:node</c>: the node and its services by id.</summary>
public sealed record CatalogNodeEntry
{
    public required NodeEntry Node { get; init; }

    public required IReadOnlyDictionary<string, NodeServiceEntry> Services { get; init; }
}
