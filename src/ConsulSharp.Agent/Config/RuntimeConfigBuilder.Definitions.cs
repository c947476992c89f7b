namespace ConsulSharp.Agent.Config;

/// <summary>Service and check definitions from config, validated with Consul's messages.</summary>
public static partial class RuntimeConfigBuilder
{
    /// <summary>Services and checks of one decoded source; throws <see cref="ConfigException"/> listing every invalid definition.</summary>
    internal static (IReadOnlyList<ServiceDefinition> Services, IReadOnlyList<CheckDefinition> Checks) BuildDefinitions(ConfigTree tree)
    {
        var errors = new List<string>();
        var services = BuildServices(tree.Blocks("services"), errors);
        var checks = BuildChecks(tree.Blocks("checks"), "", errors);
        if (errors.Count > 0)
        {
            throw new ConfigException(string.Join("\n", errors));
        }

        return (services, checks);
    }

    private static List<ServiceDefinition> BuildServices(IReadOnlyList<ConfigTree> blocks, List<string> errors)
    {
        var result = new List<ServiceDefinition>();
        foreach (var s in blocks)
        {
            var name = s.Str("name") ?? "";
            if (name.Length == 0)
            {
                errors.Add("service \"\": missing service name");
            }

            // Consul's order: the service's checks list, then its singular check.
            var checkBlocks = new List<ConfigTree>(s.Blocks("checks"));
            if (s.Has("check"))
            {
                checkBlocks.Add(s.Block("check"));
            }

            var checks = new List<CheckDefinition>();
            foreach (var cb in checkBlocks)
            {
                var check = ToCheck(cb);
                if (check.Validate() is { } err)
                {
                    errors.Add($"service \"{name}\": check \"{check.Name}\": {err}");
                }

                checks.Add(check);
            }

            var meta = StringMap(s.Map("meta"));
            if (ValidateMeta(meta, "Service") is { } metaErr)
            {
                errors.Add($"invalid meta for service {name}: {metaErr}");
            }

            var socketPath = s.Str("socket_path");
            if (socketPath is not null && (s.Has("address") || s.Has("port")))
            {
                errors.Add($"service {name} cannot have both socket path {socketPath} and address/port");
            }

            var port = s.Long("port") ?? 0;
            if (port is < 0 or > 65535)
            {
                errors.Add($"service \"{name}\": invalid port {port}");
            }

            var tagged = new Dictionary<string, ServiceAddress>(StringComparer.Ordinal);
            foreach (var (k, v) in s.Map("tagged_addresses"))
            {
                if (v is Dictionary<string, object?> d)
                {
                    var ta = new ConfigTree(d);
                    tagged[k] = new ServiceAddress(ta.Str("address") ?? "", (int)(ta.Long("port") ?? 0));
                }
            }

            var weights = s.Block("weights");
            var passing = (int)(weights.Long("passing") ?? 1);
            var warning = (int)(weights.Long("warning") ?? 1);
            if (passing < 1)
            {
                errors.Add($"Invalid weight definition for service {name}: Passing must be greater than 0");
            }
            else if (warning < 0)
            {
                errors.Add($"Invalid weight definition for service {name}: Warning must be greater or equal than 0");
            }

            result.Add(new ServiceDefinition
            {
                Kind = s.Str("kind") ?? "",
                Id = s.Str("id") is { Length: > 0 } id ? id : name,
                Name = name,
                Tags = s.Strings("tags"),
                Address = s.Str("address") ?? "",
                Port = (int)Math.Clamp(port, 0, 65535),
                SocketPath = socketPath,
                Meta = meta,
                TaggedAddresses = tagged,
                Weights = new ServiceWeights(passing, warning),
                EnableTagOverride = s.Bool("enable_tag_override") ?? false,
                Token = s.Str("token"),
                Checks = checks,
                Proxy = s.Node("proxy"),
                Connect = s.Node("connect"),
                Namespace = s.Str("namespace"),
                Partition = s.Str("partition"),
            });
        }

        return result;
    }

    private static List<CheckDefinition> BuildChecks(IReadOnlyList<ConfigTree> blocks, string prefix, List<string> errors)
    {
        var result = new List<CheckDefinition>();
        foreach (var b in blocks)
        {
            var check = ToCheck(b);
            if (check.Validate() is { } err)
            {
                errors.Add($"{prefix}check \"{check.Name}\": {err}");
            }

            result.Add(check);
        }

        return result;
    }

    private static CheckDefinition ToCheck(ConfigTree c)
    {
        var header = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (k, v) in c.Map("header"))
        {
            if (v is List<object?> l)
            {
                header[k] = l.OfType<string>().ToList();
            }
        }

        return new CheckDefinition
        {
            Id = c.Str("id"),
            Name = c.Str("name"),
            Notes = c.Str("notes"),
            ServiceId = c.Str("service_id"),
            Token = c.Str("token"),
            Status = c.Str("status"),
            Args = c.Strings("args"),
            Http = c.Str("http"),
            Method = c.Str("method"),
            Header = header,
            Body = c.Str("body"),
            DisableRedirects = c.Bool("disable_redirects") ?? false,
            Tcp = c.Str("tcp"),
            TcpUseTls = c.Bool("tcp_use_tls") ?? false,
            Udp = c.Str("udp"),
            Grpc = c.Str("grpc"),
            GrpcUseTls = c.Bool("grpc_use_tls") ?? false,
            H2Ping = c.Str("h2ping"),
            H2PingUseTls = c.Bool("h2ping_use_tls") ?? true,
            DockerContainerId = c.Str("docker_container_id"),
            Shell = c.Str("shell"),
            OsService = c.Str("os_service"),
            AliasNode = c.Str("alias_node"),
            AliasService = c.Str("alias_service"),
            Ttl = c.Duration("ttl"),
            Interval = c.Duration("interval"),
            Timeout = c.Duration("timeout"),
            TlsServerName = c.Str("tls_server_name"),
            TlsSkipVerify = c.Bool("tls_skip_verify") ?? false,
            SuccessBeforePassing = (int)(c.Long("success_before_passing") ?? 0),
            FailuresBeforeWarning = c.Long("failures_before_warning") is { } fw ? (int)fw : null,
            FailuresBeforeCritical = (int)(c.Long("failures_before_critical") ?? 0),
            DeregisterCriticalServiceAfter = c.Duration("deregister_critical_service_after"),
            OutputMaxSize = (int)(c.Long("output_max_size") ?? 0),
        };
    }
}
