using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Local;

/// <summary>
/// A service as registered with the agent (Consul <c>structs.ServiceDefinition</c>, without Connect/proxy fields),
/// from the API or (mapped by the config loader) from config files.
/// </summary>
public sealed record ServiceDefinition
{
    public string Kind { get; init; } = "";

    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string Address { get; init; } = "";

    public IReadOnlyDictionary<string, ServiceAddress> TaggedAddresses { get; init; } = new Dictionary<string, ServiceAddress>();

    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    public int Port { get; init; }

    public string SocketPath { get; init; } = "";

    /// <summary>Null means the defaults (passing 1, warning 1).</summary>
    public ServiceWeights? Weights { get; init; }

    public bool EnableTagOverride { get; init; }

    public CheckDefinition? Check { get; init; }

    public IReadOnlyList<CheckDefinition> Checks { get; init; } = [];

    public string Token { get; init; } = "";

    /// <summary>The service ID: <see cref="Id"/>, or the name when no ID was given.</summary>
    public string EffectiveId => Id.Length > 0 ? Id : Name;

    /// <summary>All checks (the single <c>Check</c> first), as Consul's <c>ServiceDefinition.CheckTypes()</c>.</summary>
    public IReadOnlyList<CheckDefinition> AllChecks => Check is null ? Checks : [Check, .. Checks];
}
