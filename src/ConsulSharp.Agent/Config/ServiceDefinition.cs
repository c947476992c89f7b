using ConsulSharp.Hcl;

namespace ConsulSharp.Agent.Config;

/// <summary>A service as written in a config file (<c>service</c> / <c>services</c>); the same shape <c>consul services register</c> reads.</summary>
public sealed record ServiceDefinition
{
    /// <summary>Empty for a typical service; otherwise <c>connect-proxy</c>, <c>mesh-gateway</c>, ...</summary>
    public string Kind { get; init; } = "";

    /// <summary>Defaults to <see cref="Name"/>.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Empty means "use the node's address".</summary>
    public string Address { get; init; } = "";

    public int Port { get; init; }

    public string? SocketPath { get; init; }

    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, ServiceAddress> TaggedAddresses { get; init; } = new Dictionary<string, ServiceAddress>();

    public ServiceWeights Weights { get; init; } = new();

    public bool EnableTagOverride { get; init; }

    public string? Token { get; init; }

    /// <summary>The service's <c>check</c> followed by its <c>checks</c>.</summary>
    public IReadOnlyList<CheckDefinition> Checks { get; init; } = [];

    /// <summary>The <c>proxy</c> block as parsed (Connect is not implemented; carried for the API).</summary>
    public HclNode? Proxy { get; init; }

    /// <summary>The <c>connect</c> block as parsed.</summary>
    public HclNode? Connect { get; init; }

    public string? Namespace { get; init; }

    public string? Partition { get; init; }
}
