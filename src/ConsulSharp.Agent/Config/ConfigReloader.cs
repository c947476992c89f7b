using System.Net;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// Re-reads the same sources an agent started with (<c>consul reload</c>, SIGHUP). What a running agent can apply:
/// services, checks, watches, log level, node meta, ACL tokens, limits, DNS settings and the like. Settings that shape
/// listeners, identity or cluster role only change on restart; <see cref="Reload"/> lists those that differ.
/// </summary>
public static class ConfigReloader
{
    private static readonly (string Key, Func<RuntimeConfig, object?> Get)[] NonReloadable =
    [
        ("node_name", c => c.NodeName),
        ("node_id", c => c.NodeId),
        ("datacenter", c => c.Datacenter),
        ("primary_datacenter", c => c.PrimaryDatacenter),
        ("data_dir", c => c.DataDir),
        ("server", c => c.ServerMode),
        ("bootstrap", c => c.Bootstrap),
        ("bootstrap_expect", c => c.BootstrapExpect),
        ("read_replica", c => c.ReadReplica),
        ("bind_addr", c => c.BindAddr),
        ("advertise_addr", c => c.AdvertiseAddr),
        ("advertise_addr_wan", c => c.AdvertiseAddrWan),
        ("serf_lan", c => c.SerfBindAddrLan),
        ("serf_wan", c => c.SerfBindAddrWan),
        ("client_addr", c => Addrs(c.ClientAddrs)),
        ("addresses.http", c => Addrs(c.HttpAddrs)),
        ("addresses.https", c => Addrs(c.HttpsAddrs)),
        ("addresses.dns", c => Addrs(c.DnsAddrs)),
        ("addresses.grpc", c => Addrs(c.GrpcAddrs)),
        ("ports.http", c => c.HttpPort),
        ("ports.https", c => c.HttpsPort),
        ("ports.dns", c => c.DnsPort),
        ("ports.grpc", c => c.GrpcPort),
        ("ports.grpc_tls", c => c.GrpcTlsPort),
        ("ports.serf_lan", c => c.SerfLanPort),
        ("ports.serf_wan", c => c.SerfWanPort),
        ("ports.server", c => c.ServerPort),
        ("domain", c => c.Domain),
        ("alt_domain", c => c.AltDomain),
        ("encrypt", c => c.EncryptKey),
        ("raft_protocol", c => c.RaftProtocol),
        ("performance.raft_multiplier", c => c.Performance.RaftMultiplier),
        ("ui_config.enabled", c => c.UiEnabled),
        ("ui_config.dir", c => c.UiDir),
        ("ui_config.content_path", c => c.UiContentPath),
        ("acl.enabled", c => c.Acl.Enabled),
        ("log_file", c => c.LogFile),
        ("log_json", c => c.LogJson),
        ("pid_file", c => c.PidFile),
        ("enable_script_checks", c => c.EnableScriptChecks),
        ("enable_local_script_checks", c => c.EnableLocalScriptChecks),
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
        foreach (var (key, get) in NonReloadable)
        {
            if (!Equals(get(before), get(after)))
            {
                changed.Add(key);
            }
        }

        return changed;
    }

    private static string Addrs(IReadOnlyList<IPAddress> addrs) => string.Join(' ', addrs.Select(a => a.ToString()));
}
