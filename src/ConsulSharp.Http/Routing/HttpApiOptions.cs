namespace ConsulSharp.Http.Routing;

/// <summary>The settings the HTTP layer reads from the runtime config.</summary>
public sealed record HttpApiOptions
{
    /// <summary>Dev mode pretty-prints every JSON response, as Consul does.</summary>
    public bool AlwaysPretty { get; init; }

    public bool UiEnabled { get; init; }

    public string UiContentPath { get; init; } = "/ui/";

    public TimeSpan DefaultQueryTime { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxQueryTime { get; init; } = TimeSpan.FromMinutes(10);
}
