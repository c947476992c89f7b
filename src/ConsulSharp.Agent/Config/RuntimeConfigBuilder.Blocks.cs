using System.Globalization;

namespace ConsulSharp.Agent.Config;

/// <summary>The nested blocks: dns_config, limits, performance, acl, autopilot, telemetry, http_config, gossip.</summary>
public static partial class RuntimeConfigBuilder
{
    private static DnsConfig BuildDns(ConfigTree d, List<string> errors)
    {
        var defaults = new DnsConfig();
        var udpLimit = (int)(d.Long("udp_answer_limit") ?? defaults.UdpAnswerLimit);
        if (udpLimit < 0)
        {
            errors.Add($"dns_config.udp_answer_limit cannot be {udpLimit.ToString(CultureInfo.InvariantCulture)}. Must be greater than or equal to zero");
        }

        var aLimit = (int)(d.Long("a_record_limit") ?? defaults.ARecordLimit);
        if (aLimit < 0)
        {
            errors.Add($"dns_config.a_record_limit cannot be {aLimit.ToString(CultureInfo.InvariantCulture)}. Must be greater than or equal to zero");
        }

        var strategy = d.Str("recursor_strategy") ?? defaults.RecursorStrategy;
        if (strategy is not ("sequential" or "random"))
        {
            errors.Add($"dns_config.recursor_strategy: invalid strategy: \"{strategy}\"");
        }

        var ttl = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (k, v) in d.Map("service_ttl"))
        {
            if (v is TimeSpan ts)
            {
                ttl[k] = ts;
            }
        }

        var soa = d.Block("soa");
        return new DnsConfig
        {
            AllowStale = d.Bool("allow_stale") ?? defaults.AllowStale,
            MaxStale = d.Duration("max_stale") ?? defaults.MaxStale,
            NodeTtl = d.Duration("node_ttl") ?? defaults.NodeTtl,
            ServiceTtl = ttl,
            OnlyPassing = d.Bool("only_passing") ?? false,
            EnableTruncate = d.Bool("enable_truncate") ?? false,
            UdpAnswerLimit = udpLimit,
            ARecordLimit = aLimit,
            DisableCompression = d.Bool("disable_compression") ?? false,
            RecursorStrategy = strategy,
            RecursorTimeout = d.Duration("recursor_timeout") ?? defaults.RecursorTimeout,
            EnableAdditionalNodeMetaTxt = d.Bool("enable_additional_node_meta_txt") ?? true,
            Soa = new SoaConfig
            {
                Refresh = Uint(soa, "refresh", 3600, "dns_config.soa.refresh", errors),
                Retry = Uint(soa, "retry", 600, "dns_config.soa.retry", errors),
                Expire = Uint(soa, "expire", 86400, "dns_config.soa.expire", errors),
                MinTtl = Uint(soa, "min_ttl", 0, "dns_config.soa.min_ttl", errors),
            },
            UseCache = d.Bool("use_cache") ?? false,
            CacheMaxAge = d.Duration("cache_max_age") ?? TimeSpan.Zero,
        };
    }

    private static uint Uint(ConfigTree t, string key, uint defaultValue, string path, List<string> errors)
    {
        if (t.Long(key) is not { } v)
        {
            return defaultValue;
        }

        if (v is < 0 or > uint.MaxValue)
        {
            errors.Add($"{path}: cannot be {v.ToString(CultureInfo.InvariantCulture)}. Must be between 0 and {uint.MaxValue.ToString(CultureInfo.InvariantCulture)}");
            return defaultValue;
        }

        return (uint)v;
    }

    private static LimitsConfig BuildLimits(ConfigTree l, List<string> errors)
    {
        var defaults = new LimitsConfig();
        var rate = l.Double("rpc_rate");
        var req = l.Block("request_limits");
        var mode = req.Str("mode") ?? "disabled";
        if (mode is not ("disabled" or "permissive" or "enforcing"))
        {
            errors.Add($"limits.request_limits.mode: invalid mode: \"{mode}\"");
        }

        var kv = l.Long("kv_max_value_size") ?? defaults.KvMaxValueSize;
        var txn = l.Long("txn_max_req_len") ?? defaults.TxnMaxReqLen;
        if (kv < 0 || txn < 0)
        {
            errors.Add("limits.kv_max_value_size and limits.txn_max_req_len must not be negative");
        }

        return new LimitsConfig
        {
            HttpMaxConnsPerClient = (int)(l.Long("http_max_conns_per_client") ?? defaults.HttpMaxConnsPerClient),
            HttpsHandshakeTimeout = l.Duration("https_handshake_timeout") ?? defaults.HttpsHandshakeTimeout,
            RpcHandshakeTimeout = l.Duration("rpc_handshake_timeout") ?? defaults.RpcHandshakeTimeout,
            RpcClientTimeout = l.Duration("rpc_client_timeout") ?? defaults.RpcClientTimeout,
            RpcRate = rate is { } r && r > 0 ? r : double.PositiveInfinity,
            RpcMaxBurst = (int)(l.Long("rpc_max_burst") ?? defaults.RpcMaxBurst),
            RpcMaxConnsPerClient = (int)(l.Long("rpc_max_conns_per_client") ?? defaults.RpcMaxConnsPerClient),
            KvMaxValueSize = kv,
            TxnMaxReqLen = txn,
            RequestLimitsMode = mode,
            RequestLimitsReadRate = req.Double("read_rate") is { } rr && rr > 0 ? rr : double.PositiveInfinity,
            RequestLimitsWriteRate = req.Double("write_rate") is { } wr && wr > 0 ? wr : double.PositiveInfinity,
        };
    }

    /// <summary>The HTTPS listener's TLS: <c>tls.https</c>, then <c>tls.defaults</c>, then the deprecated top-level fields.</summary>
    private static TlsListenerConfig BuildHttpsTls(ConfigTree t, List<string> errors)
    {
        var tls = t.Block("tls");
        var https = tls.Block("https");
        var defaults = tls.Block("defaults");
        string Str(string key) => https.Str(key) ?? defaults.Str(key) ?? t.Str(key) ?? "";
        var config = new TlsListenerConfig
        {
            CaFile = Str("ca_file"),
            CaPath = Str("ca_path"),
            CertFile = Str("cert_file"),
            KeyFile = Str("key_file"),
            VerifyIncoming = https.Bool("verify_incoming") ?? defaults.Bool("verify_incoming") ?? t.Bool("verify_incoming_https") ?? t.Bool("verify_incoming") ?? false,
            MinVersion = Str("tls_min_version") is { Length: > 0 } v ? v : "TLSv1_2",
        };
        if (config.MinVersion is not ("TLSv1_2" or "TLSv1_3" or "tls12" or "tls13"))
        {
            errors.Add($"tls.https.tls_min_version: unsupported TLS version \"{config.MinVersion}\": use TLSv1_2 or TLSv1_3");
        }

        return config;
    }

    private static PerformanceConfig BuildPerformance(ConfigTree p, List<string> errors)
    {
        var multiplier = (int)(p.Long("raft_multiplier") ?? 5);
        if (multiplier is < 1 or > 10)
        {
            errors.Add($"performance.raft_multiplier cannot be {multiplier.ToString(CultureInfo.InvariantCulture)}. Must be between 1 and 10");
        }

        return new PerformanceConfig
        {
            RaftMultiplier = multiplier,
            RaftMultiplierSet = p.Long("raft_multiplier") is not null,
            LeaveDrainTime = p.Duration("leave_drain_time") ?? TimeSpan.FromSeconds(5),
            RpcHoldTimeout = p.Duration("rpc_hold_timeout") ?? TimeSpan.FromSeconds(7),
        };
    }

    private static AclConfig BuildAcl(ConfigTree t, List<string> warnings)
    {
        var acl = t.Block("acl");
        var tokens = acl.Block("tokens");
        foreach (var old in new[] { "acl_datacenter", "acl_default_policy", "acl_down_policy", "acl_ttl", "acl_token", "acl_agent_token", "acl_agent_master_token", "acl_master_token", "acl_replication_token", "enable_acl_replication", "acl_enable_key_list_policy" })
        {
            if (t.Has(old))
            {
                warnings.Add($"The '{old}' field is deprecated. Use the 'acl' block instead.");
            }
        }

        if (tokens.Has("master"))
        {
            warnings.Add("The 'acl.tokens.master' field is deprecated. Use the 'acl.tokens.initial_management' field instead.");
        }

        if (tokens.Has("agent_master"))
        {
            warnings.Add("The 'acl.tokens.agent_master' field is deprecated. Use the 'acl.tokens.agent_recovery' field instead.");
        }

        var defaults = new AclConfig();
        return new AclConfig
        {
            Enabled = acl.Bool("enabled") ?? t.Has("acl_datacenter"),
            DefaultPolicy = acl.Str("default_policy") ?? t.Str("acl_default_policy") ?? defaults.DefaultPolicy,
            DownPolicy = acl.Str("down_policy") ?? t.Str("acl_down_policy") ?? defaults.DownPolicy,
            PolicyTtl = acl.Duration("policy_ttl") ?? t.Duration("acl_ttl") ?? defaults.PolicyTtl,
            RoleTtl = acl.Duration("role_ttl") ?? t.Duration("acl_ttl") ?? defaults.RoleTtl,
            TokenTtl = acl.Duration("token_ttl") ?? t.Duration("acl_ttl") ?? defaults.TokenTtl,
            EnableKeyListPolicy = acl.Bool("enable_key_list_policy") ?? t.Bool("acl_enable_key_list_policy") ?? false,
            EnableTokenPersistence = acl.Bool("enable_token_persistence") ?? false,
            EnableTokenReplication = acl.Bool("enable_token_replication") ?? t.Bool("enable_acl_replication") ?? false,
            Tokens = new AclTokens
            {
                InitialManagement = tokens.Str("initial_management") ?? tokens.Str("master") ?? t.Str("acl_master_token"),
                Agent = tokens.Str("agent") ?? t.Str("acl_agent_token"),
                AgentRecovery = tokens.Str("agent_recovery") ?? tokens.Str("agent_master") ?? t.Str("acl_agent_master_token"),
                Default = tokens.Str("default") ?? t.Str("acl_token"),
                Replication = tokens.Str("replication") ?? t.Str("acl_replication_token"),
                ConfigFileServiceRegistration = tokens.Str("config_file_service_registration"),
                Dns = tokens.Str("dns"),
            },
        };
    }

    private static AutopilotConfig BuildAutopilot(ConfigTree a)
    {
        var defaults = new AutopilotConfig();
        return new AutopilotConfig
        {
            CleanupDeadServers = a.Bool("cleanup_dead_servers") ?? defaults.CleanupDeadServers,
            LastContactThreshold = a.Duration("last_contact_threshold") ?? defaults.LastContactThreshold,
            MaxTrailingLogs = (int)(a.Long("max_trailing_logs") ?? defaults.MaxTrailingLogs),
            MinQuorum = (int)(a.Long("min_quorum") ?? 0),
            ServerStabilizationTime = a.Duration("server_stabilization_time") ?? defaults.ServerStabilizationTime,
            RedundancyZoneTag = a.Str("redundancy_zone_tag"),
            DisableUpgradeMigration = a.Bool("disable_upgrade_migration") ?? false,
            UpgradeVersionTag = a.Str("upgrade_version_tag"),
        };
    }

    private static TelemetryConfig BuildTelemetry(ConfigTree t) => new()
    {
        MetricsPrefix = t.Str("metrics_prefix") ?? "consul",
        DisableHostname = t.Bool("disable_hostname") ?? false,
        FilterDefault = t.Bool("filter_default") ?? true,
        PrefixFilter = t.Strings("prefix_filter"),
        PrometheusRetentionTime = t.Duration("prometheus_retention_time") ?? TimeSpan.Zero,
        StatsdAddress = t.Str("statsd_address"),
        StatsiteAddress = t.Str("statsite_address"),
        DogstatsdAddr = t.Str("dogstatsd_addr"),
        DogstatsdTags = t.Strings("dogstatsd_tags"),
    };

    private static HttpApiConfig BuildHttpConfig(ConfigTree h) => new()
    {
        BlockEndpoints = h.Strings("block_endpoints"),
        AllowWriteHttpFrom = h.Strings("allow_write_http_from"),
        ResponseHeaders = StringMap(h.Map("response_headers")),
        UseCache = h.Bool("use_cache") ?? true,
        MaxHeaderBytes = (int)(h.Long("max_header_bytes") ?? 0),
    };

    private static GossipOverrides BuildGossip(ConfigTree g) => new()
    {
        GossipNodes = g.Long("gossip_nodes") is { } n ? (int)n : null,
        GossipInterval = g.Duration("gossip_interval"),
        ProbeInterval = g.Duration("probe_interval"),
        ProbeTimeout = g.Duration("probe_timeout"),
        SuspicionMult = g.Long("suspicion_mult") is { } s ? (int)s : null,
        RetransmitMult = g.Long("retransmit_mult") is { } r ? (int)r : null,
    };
}
