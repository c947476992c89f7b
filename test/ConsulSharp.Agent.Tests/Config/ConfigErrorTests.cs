using ConsulSharp.Agent.Config;

namespace ConsulSharp.Agent.Tests.Config;

public sealed class ConfigErrorTests
{
    [Fact]
    public void UnknownKeyNamesFileAndKey()
    {
        var path = ConfigTestEnv.Path("bad/unknown-key.hcl");
        Assert.Equal($"failed to parse {path}: 1 error occurred:\n\t* invalid config key foo\n\n", ConfigTestEnv.Error("-config-file", path));
    }

    [Fact]
    public void HclSyntaxErrorNamesFileLineAndColumn()
    {
        var path = ConfigTestEnv.Path("bad/syntax.hcl");
        Assert.Equal($"failed to parse {path}: At 3:10: illegal char", ConfigTestEnv.Error("-config-file", path));
    }

    [Fact]
    public void JsonSyntaxErrorNamesFileLineAndColumn()
    {
        var path = ConfigTestEnv.Path("bad/syntax.json");
        Assert.Equal($"failed to parse {path}: At 4:1: invalid character '}}' looking for beginning of object key string", ConfigTestEnv.Error("-config-file", path));
    }

    [Fact]
    public void AllProblemsInAFileAreCollected()
    {
        var path = ConfigTestEnv.Path("bad/many.hcl");
        var expected = $"failed to parse {path}: 5 errors occurred:\n"
            + "\t* invalid config key bogus\n"
            + "\t* invalid config key ports.htp\n"
            + "\t* 'ports.dns' expected type 'int', got unconvertible type 'string'\n"
            + "\t* retry_interval: invalid duration: \"10 seconds\": time: unknown unit \" seconds\" in duration \"10 seconds\"\n"
            + "\t* invalid config key services[0].chekcs\n\n";
        Assert.Equal(expected, ConfigTestEnv.Error("-config-file", path));
    }

    [Fact]
    public void ErrorsFromSeveralFilesAreAllReported()
    {
        var err = ConfigTestEnv.Error("-config-file", ConfigTestEnv.Path("bad/unknown-key.hcl"), "-config-file", ConfigTestEnv.Path("bad/syntax.hcl"), "-hcl", "nope = 1");
        Assert.Contains("unknown-key.hcl: 1 error occurred", err, StringComparison.Ordinal);
        Assert.Contains("syntax.hcl: At 3:10: illegal char", err, StringComparison.Ordinal);
        Assert.Contains("failed to parse flags-0.hcl: 1 error occurred:\n\t* invalid config key nope", err, StringComparison.Ordinal);
    }

    [Fact]
    public void SemanticErrorsAreCollected()
    {
        var err = ConfigTestEnv.Error("-config-file", ConfigTestEnv.Path("bad/semantic.hcl"));
        var lines = err.Split('\n');
        Assert.Equal(
            [
                "datacenter can only contain lowercase alphanumeric, - or _ characters. received: \"dc 1\"",
                "'bootstrap = true' requires 'server = true'",
                "'bootstrap_expect > 0' requires 'server = true'",
                "'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive",
                "dns_config.udp_answer_limit cannot be -1. Must be greater than or equal to zero",
                "performance.raft_multiplier cannot be 20. Must be between 1 and 10",
                "service \"web\": check \"no interval\": Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks",
                "check \"both\": Interval and TTL cannot both be specified",
            ],
            lines);
    }

    [Theory]
    [InlineData("", "data_dir cannot be empty")]
    [InlineData("-dev -hcl raft_protocol=2", "raft_protocol version 2 is not supported by this version of Consul")]
    [InlineData("-dev -bootstrap-expect 3", "'bootstrap_expect > 0' not allowed in dev mode")]
    [InlineData("-dev -bootstrap-expect -1", "bootstrap_expect cannot be -1. Must be greater than or equal to zero")]
    [InlineData("-dev -bind 10.0.0.1_10.0.0.2", "bind_addr must be an ip address")]
    [InlineData("-dev -advertise 0.0.0.0", "Advertise address cannot be 0.0.0.0, :: or [::]")]
    [InlineData("-dev -encrypt c2hvcnQ=", "encrypt has invalid key: key size must be 16, 24 or 32 bytes")]
    [InlineData("-dev -encrypt %%%", "encrypt has invalid key: illegal base64 data")]
    [InlineData("-dev -node-meta consul-x:1", "node_meta invalid: Couldn't load metadata pair ('consul-x', '1'): Key prefix 'consul-' is reserved for internal use")]
    [InlineData("-dev -node-meta nocolon", "invalid value \"nocolon\" for flag -node-meta: Metadata must be of the form 'key:value'")]
    [InlineData("-dev -alt-domain service.example", "alt_domain cannot start with {service,connect,node,query,addr,dc1}")]
    [InlineData("-dev -datacenter a -alt-domain a.alt", "alt_domain cannot start with {service,connect,node,query,addr,a}")]
    [InlineData("-dev -ui-content-path /v1/", "ui-content-path cannot have 'v[0-9]'. received: \"/v1/\"")]
    [InlineData("-dev -ui-content-path a.b", "ui-content-path can only contain alphanumeric, -, _, or /. received: \"/a.b/\"")]
    [InlineData("-dev -primary-datacenter X.Y", "primary_datacenter can only contain lowercase alphanumeric, - or _ characters. received: \"x.y\"")]
    [InlineData("-dev -hcl autopilot{max_trailing_logs=-1}", "autopilot.max_trailing_logs cannot be -1. Must be greater than or equal to zero")]
    [InlineData("-dev -recursor 0.0.0.0", "DNS recursor address cannot be 0.0.0.0, :: or [::]")]
    [InlineData("-dev -hcl check_output_max_size=0", "check_output_max_size must be positive, to discard check output use the discard_check_output flag")]
    [InlineData("-dev -hcl dns_config{recursor_strategy=\"x\"}", "dns_config.recursor_strategy: invalid strategy: \"x\"")]
    [InlineData("-dev -hcl service{port=1}", "service \"\": missing service name")]
    [InlineData("-dev -hcl check{name=\"n\"}", "check \"n\": TTL must be > 0 for TTL checks")]
    [InlineData("-dev -hcl check{name=\"a\"\nalias_service=\"x\"\nttl=\"5s\"}", "check \"a\": TTL must be not be set for Alias checks")]
    [InlineData("-dev -hcl check{name=\"f\"\nttl=\"5s\"\nfailures_before_warning=3\nfailures_before_critical=1}", "check \"f\": FailuresBeforeWarning can't be higher than FailuresBeforeCritical")]
    [InlineData("-dev -hcl service{name=\"s\"\nsocket_path=\"/tmp/s\"\nport=80}", "service s cannot have both socket path /tmp/s and address/port")]
    [InlineData("-dev -hcl service{name=\"w\"\nweights{passing=0}}", "Invalid weight definition for service w: Passing must be greater than 0")]
    [InlineData("-dev -hcl service{name=\"m\"\nmeta{\"bad key\"=\"v\"}}", "invalid meta for service m: Couldn't load metadata pair ('bad key', 'v'): Key contains invalid characters")]
    [InlineData("-dev -http-port 8600", "HTTP address 127.0.0.1:8600 already configured for DNS")]
    [InlineData("-dev -serf-lan-port 8300", "Serf Advertise LAN address 127.0.0.1:8300 already configured for RPC Advertise")]
    [InlineData("-dev -hcl datacenter=\"\"", "datacenter cannot be empty")]
    public void SemanticErrors(string args, string message)
    {
        var argv = SplitArgs(args);
        Assert.Equal(message, ConfigTestEnv.Error(argv));
    }

    [Fact]
    public void UiEnabledAndDirConflictOutsideDev()
    {
        var err = ConfigTestEnv.Error("-data-dir", "/tmp/x", "-ui", "-ui-dir", "/tmp/ui");
        Assert.StartsWith("Both the ui_config.enabled and ui_config.dir (or -ui and -ui-dir) were specified, please provide only one.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void DataDirMustNotBeAFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal($"data_dir \"{file}\" is not a directory", ConfigTestEnv.Error("-data-dir", file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string[] SplitArgs(string args)
    {
        // "-flag value" pairs; an -hcl value runs to the next " -" (values here contain no " -").
        var result = new List<string>();
        var parts = args.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        while (parts.Length > 0)
        {
            var flag = parts[0];
            result.Add(flag);
            if (parts.Length == 1)
            {
                break;
            }

            var rest = parts[1];
            if (flag is "-dev")
            {
                parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
                continue;
            }

            var next = rest.IndexOf(" -", StringComparison.Ordinal);
            var value = next < 0 ? rest : rest[..next];
            result.Add(value);
            parts = next < 0 ? [] : rest[(next + 1)..].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        }

        return [.. result];
    }
}
