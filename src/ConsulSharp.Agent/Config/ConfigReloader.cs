using System.Net;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// Re-reads the same sources an agent started with (<c>consul reload</c>, SIGHUP). What a running agent can apply:
/// services, checks, watches, log level, node meta, ACL tokens, limits, DNS settings and the like. Settings that shape
/// listeners, identity or cluster role only change on restart; <see cref="Reload"/> lists those that differ.
/// </summary>
public static class ConfigReloader
{
    private static readonly (string Key, Func<RuntimeConfig, object?> Get, Func<RuntimeConfig, RuntimeConfig, RuntimeConfig> Keep)[] NonReloadable =
    [
        ("node_name", c => c.NodeName, (n, c) => n with { NodeName = c.NodeName }),
        ("node_id", c => c.NodeId, (n, c) => n with { NodeId = c.NodeId }),
        ("datacenter", c => c.Datacenter, (n, c) => n with { Datacenter = c.Datacenter }),
        ("primary_datacenter", c => c.PrimaryDatacenter, (n, c) => n with { PrimaryDatacenter = c.PrimaryDatacenter }),
        ("data_dir", c => c.DataDir, (n, c) => n with { DataDir = c.DataDir }),
        ("server", c => c.ServerMode, (n, c) => n with { ServerMode = c.ServerMode }),
        ("bootstrap", c => c.Bootstrap, (n, c) => n with { Bootstrap = c.Bootstrap }),
        ("bootstrap_expect", c => c.BootstrapExpect, (n, c) => n with { BootstrapExpect = c.BootstrapExpect }),
        ("read_replica", c => c.ReadReplica, (n, c) => n with { ReadReplica = c.ReadReplica }),
        ("bind_addr", c => c.BindAddr, (n, c) => n with { BindAddr = c.BindAddr }),
        ("advertise_addr", c => c.AdvertiseAddr, (n, c) => n with { AdvertiseAddr = c.AdvertiseAddr }),
        ("advertise_addr_wan", c => c.AdvertiseAddrWan, (n, c) => n with { AdvertiseAddrWan = c.AdvertiseAddrWan }),
        ("serf_lan", c => c.SerfBindAddrLan, (n, c) => n with { SerfBindAddrLan = c.SerfBindAddrLan }),
        ("serf_wan", c => c.SerfBindAddrWan, (n, c) => n with { SerfBindAddrWan = c.SerfBindAddrWan }),
        ("client_addr", c => Addrs(c.ClientAddrs), (n, c) => n with { ClientAddrs = c.ClientAddrs }),
        ("addresses.http", c => Addrs(c.HttpAddrs), (n, c) => n with { HttpAddrs = c.HttpAddrs }),
        ("addresses.https", c => Addrs(c.HttpsAddrs), (n, c) => n with { HttpsAddrs = c.HttpsAddrs }),
        ("addresses.dns", c => Addrs(c.DnsAddrs), (n, c) => n with { DnsAddrs = c.DnsAddrs }),
        ("addresses.grpc", c => Addrs(c.GrpcAddrs), (n, c) => n with { GrpcAddrs = c.GrpcAddrs }),
        ("ports.http", c => c.HttpPort, (n, c) => n with { HttpPort = c.HttpPort }),
        ("ports.https", c => c.HttpsPort, (n, c) => n with { HttpsPort = c.HttpsPort }),
        ("ports.dns", c => c.DnsPort, (n, c) => n with { DnsPort = c.DnsPort }),
        ("ports.grpc", c => c.GrpcPort, (n, c) => n with { GrpcPort = c.GrpcPort }),
        ("ports.grpc_tls", c => c.GrpcTlsPort, (n, c) => n with { GrpcTlsPort = c.GrpcTlsPort }),
        ("ports.serf_lan", c => c.SerfLanPort, (n, c) => n with { SerfLanPort = c.SerfLanPort }),
        ("ports.serf_wan", c => c.SerfWanPort, (n, c) => n with { SerfWanPort = c.SerfWanPort }),
        ("ports.server", c => c.ServerPort, (n, c) => n with { ServerPort = c.ServerPort }),
        ("domain", c => c.Domain, (n, c) => n with { Domain = c.Domain }),
        ("alt_domain", c => c.AltDomain, (n, c) => n with { AltDomain = c.AltDomain }),
        ("encrypt", c => c.EncryptKey, (n, c) => n with { EncryptKey = c.EncryptKey }),
        ("raft_protocol", c => c.RaftProtocol, (n, c) => n with { RaftProtocol = c.RaftProtocol }),
        ("performance.raft_multiplier", c => c.Performance.RaftMultiplier, (n, c) => n with { Performance = n.Performance with { RaftMultiplier = c.Performance.RaftMultiplier } }),
        ("ui_config.enabled", c => c.UiEnabled, (n, c) => n with { UiEnabled = c.UiEnabled }),
        ("ui_config.dir", c => c.UiDir, (n, c) => n with { UiDir = c.UiDir }),
        ("ui_config.content_path", c => c.UiContentPath, (n, c) => n with { UiContentPath = c.UiContentPath }),
        ("acl.enabled", c => c.Acl.Enabled, (n, c) => n with { Acl = n.Acl with { Enabled = c.Acl.Enabled } }),
        ("log_file", c => c.LogFile, (n, c) => n with { LogFile = c.LogFile }),
        ("log_json", c => c.LogJson, (n, c) => n with { LogJson = c.LogJson }),
        ("pid_file", c => c.PidFile, (n, c) => n with { PidFile = c.PidFile }),
        ("enable_script_checks", c => c.EnableScriptChecks, (n, c) => n with { EnableScriptChecks = c.EnableScriptChecks }),
        ("enable_local_script_checks", c => c.EnableLocalScriptChecks, (n, c) => n with { EnableLocalScriptChecks = c.EnableLocalScriptChecks }),
    ];

    /// <summary>
    /// Loads config again from <paramref name="flags"/> (the agent's original command line) and compares with
    /// <paramref name="current"/>. Throws <see cref="ConfigException"/> when the new config is invalid; the agent then
    /// keeps running with the old one.
    /// </summary>
    public static ReloadResult Reload(AgentFlags flags, RuntimeConfig current, ConfigLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(current);
        var loaded = RuntimeConfigBuilder.Load(flags, options);
        return new ReloadResult(loaded.Config, Diff(current, loaded.Config), loaded.Warnings);
    }

    /// <summary>Consul key names of the restart-only settings that differ between two configs.</summary>
    public static IReadOnlyList<string> Diff(RuntimeConfig before, RuntimeConfig after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changed = new List<string>();
        foreach (var (key, get, _) in NonReloadable)
        {
            if (!Equals(get(before), get(after)))
            {
                changed.Add(key);
            }
        }

        return changed;
    }

    /// <summary><paramref name="next"/> with every restart-only setting kept at its value in <paramref name="current"/>
    /// (what a running agent applies on reload; <see cref="Diff"/> lists those it did not).</summary>
    public static RuntimeConfig KeepRestartOnly(RuntimeConfig current, RuntimeConfig next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        foreach (var (_, _, keep) in NonReloadable)
        {
            next = keep(next, current);
        }

        return next;
    }

    private static string Addrs(IReadOnlyList<IPAddress> addrs) => string.Join(' ', addrs.Select(a => a.ToString()));
}
