namespace ConsulSharp.Contracts.Query;

/// <summary>Consul <c>QueryTemplateOptions</c>.</summary>
public sealed record QueryTemplateDto
{
    public string? Type { get; init; }

    public string? Regexp { get; init; }

    public bool RemoveEmptyTags { get; init; }
}
