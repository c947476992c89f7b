namespace ConsulSharp.Agent.Config;

/// <summary>A built config and the warnings Consul would log at start (<c>[WARN]  agent: ...</c>) or <c>validate</c> would print.</summary>
public sealed record ConfigLoadResult(RuntimeConfig Config, IReadOnlyList<string> Warnings);
