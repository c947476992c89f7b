namespace ConsulSharp.Server.PreparedQueries;

/// <summary>Consul <c>QueryTemplateOptions</c>: a non-empty <see cref="Type"/> makes the query a template.</summary>
public sealed record QueryTemplateOptions
{
    /// <summary>The only type Consul knows.</summary>
    public const string NamePrefixMatch = "name_prefix_match";

    public string Type { get; init; } = "";

    public string Regexp { get; init; } = "";

    public bool RemoveEmptyTags { get; init; }
}
