using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// Turns the agent's flags and config files into one immutable, validated <see cref="RuntimeConfig"/>.
/// Precedence, lowest first: built-in defaults, the <c>-dev</c> profile, list flags, config files in load order,
/// scalar flags, <c>-hcl</c> fragments (see <see cref="ConfigLoader"/>). Every problem found is reported together in
/// one <see cref="ConfigException"/> (one line per problem; file problems name the file).
/// </summary>
public static partial class RuntimeConfigBuilder
{
    public static RuntimeConfig Build(AgentFlags flags) => Load(flags).Config;

    public static RuntimeConfig Build(AgentFlags flags, ConfigLoadOptions options) => Load(flags, options).Config;

    /// <summary>Loads and validates; returns the config with the warnings Consul logs at start.</summary>
    public static ConfigLoadResult Load(AgentFlags flags, ConfigLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        options ??= ConfigLoadOptions.Default;
        var errors = new List<string>();
        var warnings = new List<string>();
        var files = new List<string>();
        var tree = ConfigLoader.LoadTree(flags, options, errors, warnings, files);
        if (errors.Count > 0)
        {
            throw new ConfigException(string.Join("\n", errors));
        }

        var config = FromTree(new ConfigTree(tree), flags.Dev.Value, options, errors, warnings) with
        {
            ConfigSources = ConfigLoader.OrderedPaths(flags),
            ConfigFiles = files,
        };
        if (errors.Count > 0)
        {
            throw new ConfigException(string.Join("\n", errors));
        }

        return new ConfigLoadResult(config, warnings);
    }

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex DatacenterRegex();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex MetaKeyRegex();

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex DnsSafeRegex();

    [GeneratedRegex("^[A-Za-z0-9/_-]+$")]
    private static partial Regex ContentPathRegex();

    [GeneratedRegex("^/v[0-9]+/$")]
    private static partial Regex VersionPathRegex();

    private static RuntimeConfig FromTree(ConfigTree t, bool dev, ConfigLoadOptions options, List<string> errors, List<string> warnings)
    {
        var raftProtocol = (int)(t.Long("raft_protocol") ?? 3);
        if (raftProtocol != 3)
        {
            errors.Add($"raft_protocol version {raftProtocol.ToString(CultureInfo.InvariantCulture)} is not supported by this version of Consul");
        }

        // Identity
        var datacenter = (t.Str("datacenter") ?? "dc1").ToLowerInvariant();
        if (datacenter.Length == 0)
        {
            errors.Add("datacenter cannot be empty");
        }
        else if (!DatacenterRegex().IsMatch(datacenter))
        {
            errors.Add($"datacenter can only contain lowercase alphanumeric, - or _ characters. received: \"{datacenter}\"");
        }

        var primaryDatacenter = (t.Str("primary_datacenter") ?? t.Str("acl_datacenter") ?? "").ToLowerInvariant();
        if (primaryDatacenter.Length == 0)
        {
            primaryDatacenter = datacenter;
        }
        else if (!DatacenterRegex().IsMatch(primaryDatacenter))
        {
            errors.Add($"primary_datacenter can only contain lowercase alphanumeric, - or _ characters. received: \"{primaryDatacenter}\"");
        }

        var nodeName = (t.Str("node_name") ?? options.HostName()).Trim();
        if (nodeName.Length == 0)
        {
            errors.Add("node_name cannot be empty");
        }
        else if (!DnsSafeRegex().IsMatch(nodeName))
        {
            warnings.Add($"Node name \"{nodeName}\" will not be discoverable via DNS due to invalid characters. Valid characters include all alpha-numerics and dashes.");
        }
        else if (nodeName.Length > 63)
        {
            warnings.Add($"Node name \"{nodeName}\" will not be discoverable via DNS due to it being too long. Valid lengths are between 1 and 63 bytes.");
        }

        var dataDir = t.Str("data_dir");
        if (!dev && string.IsNullOrEmpty(dataDir))
        {
            errors.Add("data_dir cannot be empty");
        }
        else if (!string.IsNullOrEmpty(dataDir))
        {
            var full = options.BaseDirectory is null ? dataDir : Path.Combine(options.BaseDirectory, dataDir);
            if (File.Exists(full))
            {
                errors.Add($"data_dir \"{dataDir}\" is not a directory");
            }
        }

        // Server mode
        var server = t.Bool("server") ?? false;
        var bootstrap = t.Bool("bootstrap") ?? false;
        var bootstrapExpect = (int)(t.Long("bootstrap_expect") ?? 0);
        if (bootstrapExpect < 0)
        {
            errors.Add($"bootstrap_expect cannot be {bootstrapExpect.ToString(CultureInfo.InvariantCulture)}. Must be greater than or equal to zero");
        }

        if (bootstrap && !server)
        {
            errors.Add("'bootstrap = true' requires 'server = true'");
        }

        if (bootstrapExpect > 0 && !server)
        {
            errors.Add("'bootstrap_expect > 0' requires 'server = true'");
        }

        if (bootstrapExpect > 0 && dev)
        {
            errors.Add("'bootstrap_expect > 0' not allowed in dev mode");
        }

        if (bootstrapExpect > 0 && bootstrap)
        {
            errors.Add("'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive");
        }

        if (bootstrapExpect == 1 && server && !dev)
        {
            warnings.Add("BootstrapExpect is set to 1; this is the same as Bootstrap mode.");
            bootstrapExpect = 0;
            bootstrap = true;
        }
        else if (bootstrapExpect > 1 && server && !bootstrap && !dev)
        {
            warnings.Add($"bootstrap_expect > 0: expecting {bootstrapExpect.ToString(CultureInfo.InvariantCulture)} servers");
            if (bootstrapExpect == 2)
            {
                warnings.Add("bootstrap_expect = 2: A cluster with 2 servers will provide no failure tolerance. See https://www.consul.io/docs/internals/consensus.html#deployment-table");
            }
            else if (bootstrapExpect % 2 == 0)
            {
                warnings.Add("bootstrap_expect is even number: A cluster with an even number of servers does not achieve optimum fault tolerance. See https://www.consul.io/docs/internals/consensus.html#deployment-table");
            }
        }

        if (bootstrap && !dev)
        {
            warnings.Add("bootstrap = true: do not enable unless necessary");
        }

        // Addresses
        var bind = SingleAddr(t.Str("bind_addr"), "bind_addr", IPAddress.Any, options, errors);
        var clientAddrs = AddrList(t.Str("client_addr"), "client_addr", [IPAddress.Loopback], options, errors);
        if (clientAddrs.Count == 0)
        {
            warnings.Add("client_addr is empty, client services (DNS, HTTP, HTTPS, GRPC) will not be listening for connections");
        }

        var advertise = AdvertiseAddr(t.Str("advertise_addr"), bind, options, errors);
        if (advertise is not null && IsUnspecified(advertise))
        {
            errors.Add("Advertise address cannot be 0.0.0.0, :: or [::]");
        }

        var advertiseWan = t.Str("advertise_addr_wan") is { } awan ? SingleAddr(awan, "advertise_addr_wan", IPAddress.Any, options, errors) : advertise;
        if (t.Has("advertise_addr_wan") && advertiseWan is not null && IsUnspecified(advertiseWan))
        {
            errors.Add("Advertise WAN address cannot be 0.0.0.0, :: or [::]");
        }

        var addresses = t.Block("addresses");
        var ports = t.Block("ports");
        var serverPort = PortValue(ports, "server", 8300, errors);
        var serfLanPort = PortValue(ports, "serf_lan", 8301, errors);
        if (serverPort < 0)
        {
            errors.Add("server-port must be greater than zero");
        }

        if (serfLanPort < 0)
        {
            errors.Add("serf-lan-port must be greater than zero");
        }

        // DNS and domains
        var domain = NormalizeDomain(t.Str("domain") ?? "consul.");
        var altDomain = t.Str("alt_domain") is { Length: > 0 } alt ? NormalizeDomain(alt) : null;
        if (altDomain is not null)
        {
            foreach (var bad in new[] { "service", "connect", "node", "query", "addr", datacenter })
            {
                if (altDomain.StartsWith(bad + ".", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"alt_domain cannot start with {{service,connect,node,query,addr,{datacenter}}}");
                    break;
                }
            }
        }

        var recursors = t.Strings("recursors").Distinct(StringComparer.Ordinal).ToList();
        foreach (var r in recursors)
        {
            var host = r.StartsWith('[') && r.Contains(']', StringComparison.Ordinal) ? r[1..r.IndexOf(']', StringComparison.Ordinal)] : r;
            if (IPAddress.TryParse(host, out var ra) && IsUnspecified(ra))
            {
                errors.Add("DNS recursor address cannot be 0.0.0.0, :: or [::]");
            }

            if (r.StartsWith("unix://", StringComparison.Ordinal))
            {
                errors.Add($"DNS Recursors cannot be unix sockets: {r}");
            }
        }

        // Security
        var encrypt = t.Str("encrypt");
        if (!string.IsNullOrEmpty(encrypt))
        {
            try
            {
                var key = Convert.FromBase64String(encrypt);
                if (key.Length is not (16 or 24 or 32))
                {
                    errors.Add("encrypt has invalid key: key size must be 16, 24 or 32 bytes");
                }
            }
            catch (FormatException)
            {
                errors.Add("encrypt has invalid key: illegal base64 data");
            }
        }

        var nodeMeta = StringMap(t.Map("node_meta"));
        if (ValidateMeta(nodeMeta) is { } metaErr)
        {
            errors.Add($"node_meta invalid: {metaErr}");
        }

        // UI: ui_config, with the deprecated top-level forms underneath it.
        var ui = t.Block("ui_config");
        if (t.Has("ui"))
        {
            warnings.Add("The 'ui' field is deprecated. Use the 'ui_config.enabled' field instead.");
        }

        if (t.Has("ui_dir"))
        {
            warnings.Add("The 'ui_dir' field is deprecated. Use the 'ui_config.dir' field instead.");
        }

        if (t.Has("ui_content_path"))
        {
            warnings.Add("The 'ui_content_path' field is deprecated. Use the 'ui_config.content_path' field instead.");
        }

        var uiEnabled = ui.Bool("enabled") ?? t.Bool("ui") ?? false;
        var uiDir = ui.Str("dir") ?? t.Str("ui_dir");
        var uiContentPath = UiContentPath(ui.Str("content_path") ?? t.Str("ui_content_path") ?? "/ui/", errors);
        if (uiEnabled && !string.IsNullOrEmpty(uiDir) && !dev)
        {
            errors.Add("Both the ui_config.enabled and ui_config.dir (or -ui and -ui-dir) were specified, please provide only one.\n"
                + "If trying to use your own web UI resources, use ui_config.dir or the -ui-dir flag.\n"
                + "The web UI is included in the binary so use ui_config.enabled or the -ui flag to enable it");
        }

        var dns = BuildDns(t.Block("dns_config"), errors);
        var limits = BuildLimits(t.Block("limits"), errors);
        var performance = BuildPerformance(t.Block("performance"), errors);
        var checkOutputMax = (int)(t.Long("check_output_max_size") ?? 4096);
        if (checkOutputMax < 1)
        {
            errors.Add("check_output_max_size must be positive, to discard check output use the discard_check_output flag");
        }

        var autopilot = BuildAutopilot(t.Block("autopilot"));
        if (autopilot.MaxTrailingLogs < 0)
        {
            errors.Add($"autopilot.max_trailing_logs cannot be {autopilot.MaxTrailingLogs.ToString(CultureInfo.InvariantCulture)}. Must be greater than or equal to zero");
        }

        var startJoin = t.Strings("start_join");
        var startJoinWan = t.Strings("start_join_wan");
        if (startJoin.Count > 0)
        {
            warnings.Add("The 'start_join' field is deprecated. Use the 'retry_join' field instead.");
        }

        var enableScript = t.Bool("enable_script_checks") ?? false;
        var httpConfig = BuildHttpConfig(t.Block("http_config"));
        var acl = BuildAcl(t, warnings);
        if (enableScript && !acl.Enabled && httpConfig.AllowWriteHttpFrom.Count == 0)
        {
            warnings.Add("using enable-script-checks without ACLs and without allow_write_http_from is DANGEROUS, use enable-local-script-checks instead, see https://www.hashicorp.com/blog/protecting-consul-from-rce-risk-in-specific-configurations/");
        }

        if (t.Has("acl_enforce_version_8"))
        {
            warnings.Add("config key \"acl_enforce_version_8\" is deprecated and should be removed");
        }

        var services = BuildServices(t.Blocks("services"), errors);
        var checks = BuildChecks(t.Blocks("checks"), "", errors);

        var logLevel = (t.Str("log_level") ?? "INFO").ToUpperInvariant();
        var config = new RuntimeConfig
        {
            NodeName = nodeName,
            NodeId = t.Str("node_id") ?? "",
            Datacenter = datacenter,
            PrimaryDatacenter = primaryDatacenter,
            DevMode = dev,
            ServerMode = server,
            Bootstrap = bootstrap || dev,
            BootstrapExpect = bootstrapExpect,
            DataDir = string.IsNullOrEmpty(dataDir) ? null : dataDir,
            BindAddr = bind ?? IPAddress.Any,
            AdvertiseAddr = advertise ?? IPAddress.Loopback,
            AdvertiseAddrWan = advertiseWan ?? advertise ?? IPAddress.Loopback,
            SerfBindAddrLan = SingleAddr(t.Str("serf_lan"), "serf_lan", bind ?? IPAddress.Any, options, errors) ?? IPAddress.Any,
            SerfBindAddrWan = SingleAddr(t.Str("serf_wan"), "serf_wan", bind ?? IPAddress.Any, options, errors) ?? IPAddress.Any,
            ClientAddrs = clientAddrs,
            HttpAddrs = AddrList(addresses.Str("http"), "addresses.http", clientAddrs, options, errors),
            HttpsAddrs = AddrList(addresses.Str("https"), "addresses.https", clientAddrs, options, errors),
            DnsAddrs = AddrList(addresses.Str("dns"), "addresses.dns", clientAddrs, options, errors),
            GrpcAddrs = AddrList(addresses.Str("grpc"), "addresses.grpc", clientAddrs, options, errors),
            HttpPort = PortValue(ports, "http", 8500, errors),
            HttpsPort = PortValue(ports, "https", -1, errors),
            HttpsTls = BuildHttpsTls(t, errors),
            DnsPort = PortValue(ports, "dns", 8600, errors),
            GrpcPort = PortValue(ports, "grpc", -1, errors),
            GrpcTlsPort = PortValue(ports, "grpc_tls", server ? 8503 : -1, errors),
            SerfLanPort = serfLanPort,
            SerfWanPort = PortValue(ports, "serf_wan", 8302, errors),
            ServerPort = serverPort,
            TaggedAddresses = TaggedAddresses(t, advertise, advertiseWan ?? advertise),
            TranslateWanAddrs = t.Bool("translate_wan_addrs") ?? false,
            UiEnabled = uiEnabled,
            UiDir = uiDir,
            UiContentPath = uiContentPath,
            LogLevel = logLevel,
            LogJson = t.Bool("log_json") ?? false,
            LogFile = t.Str("log_file"),
            LogRotateBytes = t.Long("log_rotate_bytes") ?? 0,
            LogRotateDuration = t.Duration("log_rotate_duration") ?? TimeSpan.FromHours(24),
            LogRotateMaxFiles = (int)(t.Long("log_rotate_max_files") ?? 0),
            StartJoin = startJoin,
            StartJoinWan = startJoinWan,
            RetryJoin = t.Strings("retry_join"),
            RetryJoinWan = t.Strings("retry_join_wan"),
            RetryInterval = t.Duration("retry_interval") ?? TimeSpan.FromSeconds(30),
            RetryIntervalWan = t.Duration("retry_interval_wan") ?? TimeSpan.FromSeconds(30),
            RetryMax = (int)Math.Max(0, t.Long("retry_max") ?? 0),
            RetryMaxWan = (int)Math.Max(0, t.Long("retry_max_wan") ?? 0),
            RejoinAfterLeave = t.Bool("rejoin_after_leave") ?? false,
            LeaveOnTerminate = t.Bool("leave_on_terminate") ?? !server,
            SkipLeaveOnInterrupt = t.Bool("skip_leave_on_interrupt") ?? server,
            ReconnectTimeoutLan = t.Duration("reconnect_timeout") ?? TimeSpan.FromHours(72),
            ReconnectTimeoutWan = t.Duration("reconnect_timeout_wan") ?? TimeSpan.FromHours(72),
            EncryptKey = string.IsNullOrEmpty(encrypt) ? null : encrypt,
            EncryptVerifyIncoming = t.Bool("encrypt_verify_incoming") ?? true,
            EncryptVerifyOutgoing = t.Bool("encrypt_verify_outgoing") ?? true,
            DisableKeyringFile = t.Bool("disable_keyring_file") ?? false,
            GossipLan = BuildGossip(t.Block("gossip_lan")),
            GossipWan = BuildGossip(t.Block("gossip_wan")),
            Domain = domain,
            AltDomain = altDomain,
            Recursors = recursors,
            PidFile = t.Str("pid_file"),
            EnableScriptChecks = enableScript,
            EnableLocalScriptChecks = t.Bool("enable_local_script_checks") ?? enableScript,
            DisableHostNodeId = t.Bool("disable_host_node_id") ?? true,
            NodeMeta = nodeMeta,
            KvMaxValueSize = limits.KvMaxValueSize,
            RaftProtocol = raftProtocol,
            RaftSnapshotThreshold = (int)(t.Long("raft_snapshot_threshold") ?? 16384),
            RaftSnapshotInterval = t.Duration("raft_snapshot_interval") ?? TimeSpan.FromSeconds(30),
            RaftTrailingLogs = (int)(t.Long("raft_trailing_logs") ?? 10240),
            ReadReplica = t.Bool("read_replica") ?? false,
            EnableDebug = t.Bool("enable_debug") ?? false,
            DisableUpdateCheck = t.Bool("disable_update_check") ?? false,
            DisableAnonymousSignature = t.Bool("disable_anonymous_signature") ?? false,
            DisableRemoteExec = t.Bool("disable_remote_exec") ?? true,
            DisableCoordinates = t.Bool("disable_coordinates") ?? false,
            SyncCoordinateIntervalMin = t.Duration("sync_coordinate_interval_min") is { } sci && sci > TimeSpan.Zero ? sci : TimeSpan.FromSeconds(15),
            SyncCoordinateRateTarget = t.Double("sync_coordinate_rate_target") is { } rate && rate > 0 ? rate : 64,
            AutoReloadConfig = t.Bool("auto_reload_config") ?? false,
            SessionTtlMin = t.Duration("session_ttl_min") ?? TimeSpan.FromSeconds(10),
            CheckOutputMaxSize = checkOutputMax,
            CheckUpdateInterval = t.Duration("check_update_interval") ?? TimeSpan.FromMinutes(5),
            DefaultQueryTime = t.Duration("default_query_time") ?? TimeSpan.FromSeconds(300),
            MaxQueryTime = t.Duration("max_query_time") ?? TimeSpan.FromSeconds(600),
            ConnectEnabled = t.Block("connect").Bool("enabled") ?? true,
            Experiments = t.Strings("experiments"),
            Dns = dns,
            Limits = limits,
            Performance = performance,
            Acl = acl,
            Autopilot = autopilot,
            Telemetry = BuildTelemetry(t.Block("telemetry")),
            HttpConfig = httpConfig,
            Services = services,
            Checks = checks,
            Watches = t.List("watches").OfType<ConsulSharp.Hcl.HclNode>().ToList(),
        };
        CheckAddressesUnique(config, errors);
        return config;
    }

    /// <summary>The user's <c>tagged_addresses</c> plus the ones Consul always sets: <c>lan</c>, <c>wan</c> and their <c>_ipv4</c>/<c>_ipv6</c> forms.</summary>
    private static Dictionary<string, string> TaggedAddresses(ConfigTree t, IPAddress? lan, IPAddress? wan)
    {
        var tagged = StringMap(t.Map("tagged_addresses"));
        if (lan is not null)
        {
            tagged["lan"] = lan.ToString();
            tagged[lan.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "lan_ipv6" : "lan_ipv4"] = lan.ToString();
        }

        if (wan is not null)
        {
            tagged["wan"] = wan.ToString();
            tagged[wan.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "wan_ipv6" : "wan_ipv4"] = wan.ToString();
        }

        return tagged;
    }

    /// <summary>Consul's check that no two listeners or advertised endpoints share an address (<c>HTTP address 127.0.0.1:8600 already configured for DNS</c>). Ports of 0 (pick a free port) are skipped.</summary>
    private static void CheckAddressesUnique(RuntimeConfig c, List<string> errors)
    {
        var inUse = new Dictionary<string, string>(StringComparer.Ordinal);

        bool Add(string name, IPAddress ip, int port)
        {
            if (port <= 0)
            {
                return true;
            }

            var endpoint = new IPEndPoint(ip, port).ToString();
            if (inUse.TryGetValue(endpoint, out var other))
            {
                errors.Add($"{name} address {endpoint} already configured for {other}");
                return false;
            }

            inUse[endpoint] = name;
            return true;
        }

        var ok = c.DnsAddrs.All(a => Add("DNS", a, c.DnsPort))
            && c.HttpAddrs.All(a => Add("HTTP", a, c.HttpPort))
            && c.HttpsAddrs.All(a => Add("HTTPS", a, c.HttpsPort))
            && Add("RPC Advertise", c.AdvertiseAddr, c.ServerPort)
            && Add("Serf Advertise LAN", c.AdvertiseAddr, c.SerfLanPort);
        if (ok && c.SerfWanPort >= 0)
        {
            Add("Serf Advertise WAN", c.AdvertiseAddrWan, c.SerfWanPort);
        }
    }

    private static bool IsUnspecified(IPAddress a) => a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any);

    private static string NormalizeDomain(string domain) => domain.EndsWith('.') ? domain : domain + ".";

    /// <summary>Consul's port rule: above 65535 is an error; a negative value disables the listener (-1). 0 is kept (ConsulSharp: pick a free port).</summary>
    private static int PortValue(ConfigTree ports, string key, int defaultValue, List<string> errors)
    {
        if (ports.Long(key) is not { } v)
        {
            return defaultValue;
        }

        if (v > 65535)
        {
            errors.Add($"ports.{key}: invalid port: {v.ToString(CultureInfo.InvariantCulture)}");
            return defaultValue;
        }

        return v < 0 ? -1 : (int)v;
    }

    private static IPAddress? AdvertiseAddr(string? value, IPAddress? bind, ConfigLoadOptions options, List<string> errors)
    {
        if (value is not null)
        {
            return SingleAddr(value, "advertise_addr", IPAddress.Loopback, options, errors);
        }

        if (bind is null)
        {
            return null;
        }

        if (!IsUnspecified(bind))
        {
            return bind;
        }

        return PrivateIp(options, errors);
    }

    private static IPAddress? PrivateIp(ConfigLoadOptions options, List<string> errors)
    {
        var ips = options.PrivateAddresses();
        if (ips.Count == 0)
        {
            errors.Add("No private IPv4 address found");
            return null;
        }

        if (ips.Count > 1)
        {
            errors.Add("Multiple private IPv4 addresses found. Please configure one with 'bind' and/or 'advertise'.");
            return null;
        }

        return ips[0];
    }

    private static IPAddress? SingleAddr(string? value, string key, IPAddress defaultValue, ConfigLoadOptions options, List<string> errors)
    {
        if (value is null)
        {
            return defaultValue;
        }

        var list = AddrList(value, key, [], options, errors);
        if (value.Trim().Length == 0)
        {
            errors.Add($"{key} cannot be empty");
            return null;
        }

        if (list.Count > 1)
        {
            errors.Add(key == "bind_addr"
                ? "bind_addr cannot contain multiple addresses. Use 'addresses.{dns,http,https}' instead."
                : $"{key} cannot contain multiple addresses");
            return null;
        }

        return list.Count == 1 ? list[0] : null;
    }

    /// <summary>Space-separated IP addresses; <c>{{ GetPrivateIP }}</c> is the one go-sockaddr template understood.</summary>
    private static IReadOnlyList<IPAddress> AddrList(string? value, string key, IReadOnlyList<IPAddress> defaultValue, ConfigLoadOptions options, List<string> errors)
    {
        if (value is null)
        {
            return defaultValue;
        }

        var trimmed = value.Trim();
        if (trimmed.StartsWith("{{", StringComparison.Ordinal))
        {
            if (trimmed.Replace(" ", "", StringComparison.Ordinal) == "{{GetPrivateIP}}")
            {
                return PrivateIp(options, errors) is { } ip ? [ip] : [];
            }

            errors.Add($"{key}: unsupported go-sockaddr template \"{value}\" (only {{{{ GetPrivateIP }}}} is supported)");
            return [];
        }

        var result = new List<IPAddress>();
        foreach (var part in trimmed.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("unix://", StringComparison.Ordinal))
            {
                errors.Add(key == "bind_addr" ? "bind_addr cannot be a unix socket" : $"{key}: unix sockets are not supported: {part}");
                continue;
            }

            var text = part.StartsWith('[') && part.EndsWith(']') ? part[1..^1] : part;
            if (!IPAddress.TryParse(text, out var ip))
            {
                errors.Add(key == "bind_addr" ? "bind_addr must be an ip address" : $"{key}: invalid ip address \"{part}\"");
                continue;
            }

            result.Add(ip);
        }

        return result;
    }

    private static string UiContentPath(string path, List<string> errors)
    {
        var p = "/" + path.Trim('/') + "/";
        if (p == "//")
        {
            p = "/";
        }

        if (!ContentPathRegex().IsMatch(p))
        {
            errors.Add($"ui-content-path can only contain alphanumeric, -, _, or /. received: \"{p}\"");
        }
        else if (VersionPathRegex().IsMatch(p))
        {
            errors.Add($"ui-content-path cannot have 'v[0-9]'. received: \"{p}\"");
        }

        return p;
    }

    private static Dictionary<string, string> StringMap(IReadOnlyDictionary<string, object?> map) =>
        map.Where(kv => kv.Value is string).ToDictionary(kv => kv.Key, kv => (string)kv.Value!, StringComparer.Ordinal);

    /// <summary>Consul's metadata rules (node_meta and service meta); null when valid.</summary>
    internal static string? ValidateMeta(IReadOnlyDictionary<string, string> meta, string what = "Node")
    {
        if (meta.Count > 64)
        {
            return $"{what} metadata cannot contain more than 64 key/value pairs";
        }

        foreach (var (k, v) in meta)
        {
            string? problem = k.Length == 0 ? "Key cannot be blank"
                : !MetaKeyRegex().IsMatch(k) ? "Key contains invalid characters"
                : k.Length > 128 ? "Key is too long (limit: 128 characters)"
                : k.StartsWith("consul-", StringComparison.Ordinal) ? "Key prefix 'consul-' is reserved for internal use"
                : v.Length > 512 ? "Value is too long (limit: 512 characters)"
                : null;
            if (problem is not null)
            {
                return $"Couldn't load metadata pair ('{k}', '{v}'): {problem}";
            }
        }

        return null;
    }
}
