namespace ConsulSharp.Http.Routing;

/// <summary>The settings the HTTP layer reads from the runtime config.</summary>
public sealed record HttpApiOptions
{
    /// <summary>Dev mode pretty-prints every JSON response, as Consul does.</summary>
    public bool AlwaysPretty { get; init; }

    public bool UiEnabled { get; init; }

    public string UiContentPath { get; init; } = "/ui/";

    /// <summary><c>-ui-dir</c> / <c>ui_config.dir</c>: serve the UI from this directory instead of the embedded files.</summary>
    public string? UiDir { get; init; }

    /// <summary>Consul serves the UI when it is enabled or a UI directory is given.</summary>
    public bool UiServed => UiEnabled || !string.IsNullOrEmpty(UiDir);

    public TimeSpan DefaultQueryTime { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxQueryTime { get; init; } = TimeSpan.FromMinutes(10);
}
