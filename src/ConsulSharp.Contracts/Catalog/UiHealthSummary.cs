using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Catalog;

/// <summary>A health tally of <c>/v1/internal/ui/catalog-overview</c>.</summary>
public sealed record UiHealthSummary
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    public int Total { get; init; }

    public int Passing { get; init; }

    public int Warning { get; init; }

    public int Critical { get; init; }
}
