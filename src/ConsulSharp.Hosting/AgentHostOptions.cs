using ConsulSharp.Agent.Config;
using ConsulSharp.Dns;
using Microsoft.Extensions.DependencyInjection;

namespace ConsulSharp.Hosting;

/// <summary>How the composition root is embedded: by the exe (console logging) or by tests (in-process, port 0).</summary>
public sealed record AgentHostOptions
{
    /// <summary>Where log lines go besides the log file and monitor; null for none. The exe passes stdout.</summary>
    public TextWriter? LogOutput { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Rebuilds the runtime config from its sources for a reload; null means reload re-applies the current one.</summary>
    public Func<RuntimeConfig>? Reload { get; init; }

    /// <summary>Called with the resolved node ID before the first log line (the exe prints Consul's banner here).</summary>
    public Action<string>? BeforeLogging { get; init; }

    /// <summary>Adjusts the DNS settings mapped from the runtime config (tests use it for <c>dns_config</c> knobs).</summary>
    public Func<DnsOptions, DnsOptions>? ConfigureDns { get; init; }

    /// <summary>Runs after every registration, so tests can replace a component (e.g. a static <c>IClusterMembership</c>).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
