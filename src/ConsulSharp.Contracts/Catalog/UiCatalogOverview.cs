namespace ConsulSharp.Contracts.Catalog;

/// <summary>The body of <c>/v1/internal/ui/catalog-overview</c>.</summary>
public sealed record UiCatalogOverview
{
    public IReadOnlyList<UiHealthSummary> Nodes { get; init; } = [];

    public IReadOnlyList<UiHealthSummary> Services { get; init; } = [];

    public IReadOnlyList<UiHealthSummary> Checks { get; init; } = [];
}
