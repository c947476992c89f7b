using System.Net;
using ConsulSharp.Agent.Config;

namespace ConsulSharp.Agent.Tests.Config;

public sealed class RuntimeConfigBuilderTests
{
    [Fact]
    public void DefaultsMatchConsul()
    {
        var c = ConfigTestEnv.Build("-data-dir", "/tmp/d");
        Assert.Equal("testhost", c.NodeName);
        Assert.Equal("dc1", c.Datacenter);
        Assert.Equal("dc1", c.PrimaryDatacenter);
        Assert.False(c.ServerMode);
        Assert.Equal(IPAddress.Any, c.BindAddr);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), c.AdvertiseAddr);
        Assert.Equal([IPAddress.Loopback], c.ClientAddrs);
        Assert.Equal([IPAddress.Loopback], c.HttpAddrs);
        Assert.Equal((8500, -1, 8600, -1, 8301, 8302, 8300), (c.HttpPort, c.HttpsPort, c.DnsPort, c.GrpcPort, c.SerfLanPort, c.SerfWanPort, c.ServerPort));
        Assert.Equal("consul.", c.Domain);
        Assert.Equal("INFO", c.LogLevel);
        Assert.True(c.LeaveOnTerminate);
        Assert.False(c.SkipLeaveOnInterrupt);
        Assert.True(c.DisableRemoteExec);
        Assert.Equal(TimeSpan.FromSeconds(30), c.RetryInterval);
        Assert.Equal(5, c.Performance.RaftMultiplier);
        Assert.False(c.Performance.RaftMultiplierSet);
        Assert.Equal(3, c.Dns.UdpAnswerLimit);
        Assert.True(c.Dns.AllowStale);
        Assert.Equal(TimeSpan.FromHours(87600), c.Dns.MaxStale);
        Assert.Equal(524288, c.Limits.KvMaxValueSize);
        Assert.Equal(200, c.Limits.HttpMaxConnsPerClient);
        Assert.True(double.IsPositiveInfinity(c.Limits.RpcRate));
        Assert.Equal("allow", c.Acl.DefaultPolicy);
        Assert.Equal("/ui/", c.UiContentPath);
        Assert.Empty(c.Services);
    }

    [Fact]
    public void DevProfile()
    {
        var c = ConfigTestEnv.Build("-dev");
        Assert.True(c.DevMode);
        Assert.True(c.ServerMode);
        Assert.True(c.Bootstrap);
        Assert.Null(c.DataDir);
        Assert.True(c.UiEnabled);
        Assert.Equal(IPAddress.Loopback, c.BindAddr);
        Assert.Equal(IPAddress.Loopback, c.AdvertiseAddr);
        Assert.Equal([IPAddress.Loopback], c.ClientAddrs);
        Assert.Equal("testhost", c.NodeName);
        Assert.Equal(8502, c.GrpcPort);
        Assert.Equal("DEBUG", c.LogLevel);
        Assert.Equal(1, c.Performance.RaftMultiplier);
        Assert.True(c.Performance.RaftMultiplierSet);
        Assert.Equal(TimeSpan.FromMilliseconds(100), c.GossipLan.ProbeInterval);
        Assert.True(c.DisableKeyringFile);
    }

    [Fact]
    public void DevProfileYieldsToFilesAndFlags()
    {
        var c = ConfigTestEnv.Build("-dev", "-hcl", "ports { grpc = 9502 }", "-log-level", "info");
        Assert.Equal(9502, c.GrpcPort);
        Assert.Equal("INFO", c.LogLevel);
    }

    [Fact]
    public void ServerSampleHcl()
    {
        var r = ConfigTestEnv.Load("-config-file", ConfigTestEnv.Path("server/server.hcl"));
        var c = r.Config;
        Assert.Equal("east-aws", c.Datacenter);
        Assert.Equal("consul-server-1", c.NodeName);
        Assert.True(c.ServerMode);
        Assert.Equal(3, c.BootstrapExpect);
        Assert.False(c.Bootstrap);
        Assert.Equal(IPAddress.Parse("10.0.1.10"), c.BindAddr);
        Assert.Equal(IPAddress.Parse("10.0.1.10"), c.AdvertiseAddr);
        Assert.Equal([IPAddress.Loopback, IPAddress.Parse("10.0.1.10")], c.ClientAddrs);
        Assert.Equal([IPAddress.Any], c.HttpAddrs);
        Assert.Equal(c.ClientAddrs, c.DnsAddrs);
        Assert.Equal((8502, 8501, 8600), (c.GrpcPort, c.HttpsPort, c.DnsPort));
        Assert.Equal(["10.0.1.11", "10.0.1.12"], c.RetryJoin);
        Assert.Equal(TimeSpan.FromSeconds(15), c.RetryInterval);
        Assert.Equal(5, c.RetryMax);
        Assert.Equal("pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=", c.EncryptKey);
        Assert.True(c.UiEnabled);
        Assert.Equal(1, c.Performance.RaftMultiplier);
        Assert.Equal(400, c.Limits.HttpMaxConnsPerClient);
        Assert.Equal(100, c.Limits.RpcRate);
        Assert.Equal(1048576, c.Limits.KvMaxValueSize);
        Assert.Equal(1048576, c.KvMaxValueSize);
        Assert.Equal(TimeSpan.FromMilliseconds(300), c.Autopilot.LastContactThreshold);
        Assert.Equal(500, c.Autopilot.MaxTrailingLogs);
        Assert.True(c.Acl.Enabled);
        Assert.Equal("deny", c.Acl.DefaultPolicy);
        Assert.Equal("b1gs33cr3t", c.Acl.Tokens.InitialManagement);
        Assert.Equal(TimeSpan.FromSeconds(60), c.Telemetry.PrometheusRetentionTime);
        Assert.Equal("r1", c.NodeMeta["rack"]);
        Assert.Equal(TimeSpan.FromSeconds(30), c.SessionTtlMin);
        Assert.True(c.DisableUpdateCheck);
        Assert.True(c.LeaveOnTerminate);
        Assert.True(c.SkipLeaveOnInterrupt);
        Assert.Contains("bootstrap_expect > 0: expecting 3 servers", r.Warnings);
    }

    [Fact]
    public void ServerSampleJsonEqualsHcl()
    {
        var hcl = ConfigTestEnv.Build("-config-file", ConfigTestEnv.Path("server/server.hcl"));
        var json = ConfigTestEnv.Build("-config-file", ConfigTestEnv.Path("server/server.json"));
        Assert.Equal(hcl with { ConfigSources = [], ConfigFiles = [] }, json with { ConfigSources = [], ConfigFiles = [] }, RuntimeConfigComparer.Instance);
        Assert.NotEqual(hcl, hcl with { Dns = hcl.Dns with { UdpAnswerLimit = 9 } }, RuntimeConfigComparer.Instance);
        Assert.NotEqual(hcl, hcl with { RetryJoin = ["x"] }, RuntimeConfigComparer.Instance);
    }

    [Fact]
    public void ClientDirectoryWithServicesAndChecks()
    {
        var c = ConfigTestEnv.Build("-config-dir", ConfigTestEnv.Path("client.d"));
        Assert.Equal("web-01", c.NodeName);
        Assert.Equal("WARN", c.LogLevel);
        Assert.True(c.EnableLocalScriptChecks);
        Assert.False(c.EnableScriptChecks);
        Assert.Equal(["8.8.8.8", "1.1.1.1:53"], c.Recursors);

        var web = c.Services[0];
        Assert.Equal(("web-1", "web", 8080, "192.168.10.21"), (web.Id, web.Name, web.Port, web.Address));
        Assert.Equal(["primary", "v2"], web.Tags);
        Assert.Equal("2.1.0", web.Meta["version"]);
        Assert.True(web.EnableTagOverride);
        Assert.Equal(new ServiceWeights(10, 1), web.Weights);
        Assert.Equal(new ServiceAddress("203.0.113.21", 80), web.TaggedAddresses["wan"]);
        Assert.Equal(2, web.Checks.Count);
        Assert.Equal(["/usr/local/bin/check_web.sh", "-v"], web.Checks[0].Args);
        var http = web.Checks[1];
        Assert.Equal(("web-http", "http://localhost:8080/health", "GET"), (http.Id, http.Http, http.Method));
        Assert.Equal(["Bearer xyz"], http.Header["Authorization"]);
        Assert.Equal(TimeSpan.FromSeconds(10), http.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), http.Timeout);
        Assert.Equal((2, 3), (http.SuccessBeforePassing, http.FailuresBeforeCritical));

        var redis = c.Services[1];
        Assert.Equal("redis", redis.Id);
        var tcp = Assert.Single(redis.Checks);
        Assert.Equal(("redis tcp", "localhost:6379"), (tcp.Name, tcp.Tcp));
        Assert.Equal(TimeSpan.FromMinutes(90), tcp.DeregisterCriticalServiceAfter);

        var api = c.Services[2];
        var ttl = Assert.Single(api.Checks);
        Assert.Equal((TimeSpan.FromSeconds(30), "passing", "pushed by the app"), (ttl.Ttl!.Value, ttl.Status, ttl.Notes));

        Assert.Equal(2, c.Checks.Count);
        Assert.Equal("mem", c.Checks[0].Id);
        Assert.Equal(("api", "web-1"), (c.Checks[1].AliasService, c.Checks[1].ServiceId));
        var watch = Assert.IsType<ConsulSharp.Hcl.HclObject>(Assert.Single(c.Watches));
        Assert.Equal("key", Assert.IsType<ConsulSharp.Hcl.HclString>(watch["type"]).Value);
    }

    [Fact]
    public void DnsConfigSample()
    {
        var c = ConfigTestEnv.Build("-config-file", ConfigTestEnv.Path("dns.hcl"));
        var d = c.Dns;
        Assert.Equal("example.", c.Domain);
        Assert.Equal("consul.internal.", c.AltDomain);
        Assert.False(d.AllowStale);
        Assert.Equal(TimeSpan.FromSeconds(10), d.MaxStale);
        Assert.Equal(TimeSpan.FromSeconds(30), d.NodeTtl);
        Assert.True(d.OnlyPassing);
        Assert.True(d.EnableTruncate);
        Assert.Equal(5, d.UdpAnswerLimit);
        Assert.Equal(2, d.ARecordLimit);
        Assert.True(d.DisableCompression);
        Assert.Equal("random", d.RecursorStrategy);
        Assert.Equal(TimeSpan.FromSeconds(3), d.RecursorTimeout);
        Assert.Equal(new SoaConfig { Refresh = 1800, Retry = 300, Expire = 43200, MinTtl = 5 }, d.Soa);
        Assert.Equal(TimeSpan.FromSeconds(20), d.GetServiceTtl("web-api"));
        Assert.Equal(TimeSpan.FromSeconds(10), d.GetServiceTtl("web-frontend"));
        Assert.Equal(TimeSpan.FromSeconds(5), d.GetServiceTtl("db"));
    }

    [Fact]
    public void TaggedAddressesGetLanAndWan()
    {
        var c = ConfigTestEnv.FromHcl("bind_addr = \"10.1.1.1\"\nadvertise_addr_wan = \"203.0.113.9\"\ntagged_addresses { custom = \"x\" lan = \"ignored\" }");
        Assert.Equal("10.1.1.1", c.TaggedAddresses["lan"]);
        Assert.Equal("10.1.1.1", c.TaggedAddresses["lan_ipv4"]);
        Assert.Equal("203.0.113.9", c.TaggedAddresses["wan"]);
        Assert.Equal("203.0.113.9", c.TaggedAddresses["wan_ipv4"]);
        Assert.Equal("x", c.TaggedAddresses["custom"]);
    }

    [Fact]
    public void GrpcTlsPortDefaultsTo8503OnServers()
    {
        Assert.Equal(8503, ConfigTestEnv.FromHcl("server = true").GrpcTlsPort);
        Assert.Equal(-1, ConfigTestEnv.FromHcl("server = false").GrpcTlsPort);
    }

    [Fact]
    public void ServiceTtlWithoutWildcardMatchesNothingElse() =>
        Assert.Null(new DnsConfig { ServiceTtl = new Dictionary<string, TimeSpan> { ["web"] = TimeSpan.FromSeconds(1) } }.GetServiceTtl("db"));

    [Fact]
    public void ClientAddrAcceptsSeveralAddressesAndAddressesOverride()
    {
        var c = ConfigTestEnv.FromHcl("client_addr = \"127.0.0.1 ::1\"\naddresses { dns = \"127.0.0.2\" }");
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], c.ClientAddrs);
        Assert.Equal([IPAddress.Parse("127.0.0.2")], c.DnsAddrs);
        Assert.Equal(c.ClientAddrs, c.HttpAddrs);
    }

    [Fact]
    public void GetPrivateIpTemplate()
    {
        var c = ConfigTestEnv.FromHcl("bind_addr = \"{{ GetPrivateIP }}\"");
        Assert.Equal(IPAddress.Parse("10.0.0.5"), c.BindAddr);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), c.AdvertiseAddr);
    }

    [Fact]
    public void AdvertiseNeedsExactlyOnePrivateIpWhenBindIsAny()
    {
        var flags = ConfigTestEnv.Flags("-data-dir", "/tmp/x");
        var none = ConfigTestEnv.Options with { PrivateAddresses = () => [] };
        Assert.Equal("No private IPv4 address found", Assert.Throws<ConfigException>(() => RuntimeConfigBuilder.Build(flags, none)).Message);
        var two = ConfigTestEnv.Options with { PrivateAddresses = () => [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2")] };
        Assert.Equal("Multiple private IPv4 addresses found. Please configure one with 'bind' and/or 'advertise'.", Assert.Throws<ConfigException>(() => RuntimeConfigBuilder.Build(flags, two)).Message);
        var ok = RuntimeConfigBuilder.Build(ConfigTestEnv.Flags("-data-dir", "/tmp/x", "-advertise", "10.9.9.9"), none);
        Assert.Equal(IPAddress.Parse("10.9.9.9"), ok.AdvertiseAddr);
    }

    [Fact]
    public void PortsBelowZeroDisableAndAboveRangeFail()
    {
        var c = ConfigTestEnv.FromHcl("ports { dns = -5 http = 0 }");
        Assert.Equal(-1, c.DnsPort);
        Assert.Equal(0, c.HttpPort);
        Assert.Equal("ports.http: invalid port: 70000", ConfigTestEnv.Error("-dev", "-hcl", "ports { http = 70000 }"));
    }

    [Fact]
    public void UiContentPathIsNormalised()
    {
        Assert.Equal("/consul/ui/", ConfigTestEnv.FromHcl("ui_config { content_path = \"consul/ui\" }").UiContentPath);
        Assert.Equal("/", ConfigTestEnv.FromHcl("ui_config { content_path = \"/\" }").UiContentPath);
    }

    [Fact]
    public void PrimaryDatacenterDefaultsToDatacenter()
    {
        Assert.Equal("east", ConfigTestEnv.FromHcl("datacenter = \"East\"").PrimaryDatacenter);
        Assert.Equal("main", ConfigTestEnv.FromHcl("datacenter = \"east\"\nprimary_datacenter = \"Main\"").PrimaryDatacenter);
    }

    [Fact]
    public void LegacyUiKeysStillWorkWithWarning()
    {
        var r = ConfigTestEnv.Load("-data-dir", "/tmp/x", "-hcl", "ui = true");
        Assert.True(r.Config.UiEnabled);
        Assert.Contains("The 'ui' field is deprecated. Use the 'ui_config.enabled' field instead.", r.Warnings);
    }

    [Fact]
    public void LegacyAclKeysFoldIntoAclBlock()
    {
        var r = ConfigTestEnv.Load("-data-dir", "/tmp/x", "-hcl", "acl_datacenter = \"dc1\"\nacl_default_policy = \"deny\"\nacl_master_token = \"m\"");
        Assert.True(r.Config.Acl.Enabled);
        Assert.Equal("deny", r.Config.Acl.DefaultPolicy);
        Assert.Equal("m", r.Config.Acl.Tokens.InitialManagement);
        Assert.Contains(r.Warnings, w => w.Contains("acl_master_token", StringComparison.Ordinal));
    }

    [Fact]
    public void BootstrapExpectOneBecomesBootstrap()
    {
        var r = ConfigTestEnv.Load("-data-dir", "/tmp/x", "-server", "-bootstrap-expect", "1");
        Assert.True(r.Config.Bootstrap);
        Assert.Equal(0, r.Config.BootstrapExpect);
        Assert.Contains("BootstrapExpect is set to 1; this is the same as Bootstrap mode.", r.Warnings);
    }

    [Fact]
    public void ScriptChecksFlagsAndLocalDefault()
    {
        Assert.True(ConfigTestEnv.FromHcl("enable_script_checks = true").EnableLocalScriptChecks);
        var c = ConfigTestEnv.FromHcl("enable_script_checks = true\nenable_local_script_checks = false");
        Assert.False(c.EnableLocalScriptChecks);
    }

    [Fact]
    public void RemoteScriptChecksWithoutAclsWarn()
    {
        var open = ConfigTestEnv.Load("-dev", "-enable-script-checks");
        Assert.Contains(open.Warnings, w => w.StartsWith("using enable-script-checks without ACLs and without allow_write_http_from is DANGEROUS", StringComparison.Ordinal));
        var guarded = ConfigTestEnv.Load("-dev", "-enable-script-checks", "-hcl", "acl { enabled = true }");
        Assert.DoesNotContain(guarded.Warnings, w => w.Contains("DANGEROUS", StringComparison.Ordinal));
        var local = ConfigTestEnv.Load("-dev", "-enable-local-script-checks");
        Assert.DoesNotContain(local.Warnings, w => w.Contains("DANGEROUS", StringComparison.Ordinal));
    }

    [Fact]
    public void RemovedKeyIsAWarningNotAnError()
    {
        var r = ConfigTestEnv.Load("-dev", "-hcl", "acl_enforce_version_8 = true");
        Assert.Contains("config key \"acl_enforce_version_8\" is deprecated and should be removed", r.Warnings);
    }

    [Fact]
    public void ExistingBuildSignatureStillWorks()
    {
        var flags = new AgentFlags();
        flags.Parse(["-dev", "-node", "n1", "-http-port", "0"]);
        var c = RuntimeConfigBuilder.Build(flags);
        Assert.Equal("n1", c.NodeName);
        Assert.Equal(0, c.HttpPort);
    }

    [Fact]
    public void ExtraSourcesAreAppliedLast()
    {
        var flags = ConfigTestEnv.Flags("-dev", "-node", "flag");
        var c = RuntimeConfigBuilder.Build(flags, ConfigTestEnv.Options with { ExtraSources = [("extra.json", "json", """{"node_name":"extra"}""")] });
        Assert.Equal("extra", c.NodeName);
    }
}
