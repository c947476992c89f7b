namespace ConsulSharp.Contracts.Catalog;

/// <summary>The body of <c>/v1/catalog/node-services/:node</c>; <c>Node</c> is null for an unknown node.</summary>
public sealed record NodeServiceListEntry
{
    public NodeEntry? Node { get; init; }

    public IReadOnlyList<NodeServiceEntry>? Services { get; init; }
}
