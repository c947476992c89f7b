using ConsulSharp.Agent.Config;
using ConsulSharp.Dns;

namespace ConsulSharp.Testing;

/// <summary>How a <see cref="TestAgent"/> is configured; change it with <c>with</c>.</summary>
public sealed record TestAgentOptions
{
    public static TestAgentOptions Dev { get; } = new();

    /// <summary>Applied to the dev-profile config the test agent starts from (ports are already 0 / disabled).</summary>
    public Func<RuntimeConfig, RuntimeConfig> Configure { get; init; } = static c => c;

    /// <summary>Give the agent a fresh temporary data dir (deleted on dispose) instead of running in memory.</summary>
    public bool WithDataDir { get; init; }

    public string NodeName { get; init; } = "";

    /// <summary>Start the DNS server on an OS-assigned port (UDP and TCP); find it with <see cref="TestAgent.DnsAddress"/>.</summary>
    public bool WithDns { get; init; }

    /// <summary>A config directory (<c>-config-dir</c>): the agent takes its <c>services</c>, <c>checks</c> and script
    /// switches from it at start and re-reads it on reload (<c>PUT /v1/agent/reload</c>).</summary>
    public string? ConfigDir { get; init; }

    /// <summary>Adjusts the agent's DNS settings (only used with <see cref="WithDns"/>).</summary>
    public Func<DnsOptions, DnsOptions>? ConfigureDns { get; init; }
}
