namespace ConsulSharp.Contracts.Catalog;

/// <summary>The proxy block of a plain (non-proxy) service as Consul writes it: <c>Mode</c> and four empty objects.</summary>
public sealed record ProxyConfigEntry
{
    public static readonly ProxyConfigEntry Default = new();

    public string Mode { get; init; } = "";

    public EmptyObject MeshGateway { get; init; } = EmptyObject.Instance;

    public EmptyObject Expose { get; init; } = EmptyObject.Instance;

    public EmptyObject TransparentProxy { get; init; } = EmptyObject.Instance;

    public EmptyObject AccessLogs { get; init; } = EmptyObject.Instance;
}
