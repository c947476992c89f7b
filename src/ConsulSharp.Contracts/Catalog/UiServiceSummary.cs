namespace ConsulSharp.Contracts.Catalog;

/// <summary>One service of <c>/v1/internal/ui/services</c> (Consul <c>ServiceListingSummary</c>), in Consul's order.</summary>
public sealed record UiServiceSummary
{
    public required string Name { get; init; }

    public string Datacenter { get; init; } = "";

    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyList<string> Nodes { get; init; } = [];

    public IReadOnlyList<string>? ExternalSources { get; init; }

    public int InstanceCount { get; init; }

    public int ChecksPassing { get; init; }

    public int ChecksWarning { get; init; }

    public int ChecksCritical { get; init; }

    public EmptyObject GatewayConfig { get; init; } = EmptyObject.Instance;

    public bool TransparentProxy { get; init; }

    public bool ConnectNative { get; init; }

    public bool ConnectedWithProxy { get; init; }

    public bool ConnectedWithGateway { get; init; }
}
