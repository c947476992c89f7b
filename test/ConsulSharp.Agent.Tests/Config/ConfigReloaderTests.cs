using ConsulSharp.Agent.Config;

namespace ConsulSharp.Agent.Tests.Config;

public sealed class ConfigReloaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("consulsharp-reload");

    public void Dispose() => _dir.Delete(true);

    private string Write(string name, string text)
    {
        var p = Path.Combine(_dir.FullName, name);
        File.WriteAllText(p, text);
        return p;
    }

    [Fact]
    public void ReloadableChangesOnlyAreNotReported()
    {
        Write("a.hcl", "node_name = \"n1\"\nlog_level = \"info\"\nservice { name = \"web\" port = 80 }");
        var flags = ConfigTestEnv.Flags("-dev", "-config-dir", _dir.FullName);
        var first = RuntimeConfigBuilder.Build(flags, ConfigTestEnv.Options);

        Write("a.hcl", "node_name = \"n1\"\nlog_level = \"debug\"\nservice { name = \"web\" port = 81 }\nservices { name = \"db\" }");
        var r = ConfigReloader.Reload(flags, first, ConfigTestEnv.Options);
        Assert.Empty(r.NonReloadableChanges);
        Assert.Equal("DEBUG", r.Config.LogLevel);
        // A source's singular service goes after its services list.
        Assert.Equal([("db", 0), ("web", 81)], r.Config.Services.Select(s => (s.Name, s.Port)));
    }

    [Fact]
    public void RestartOnlyChangesAreListed()
    {
        Write("a.hcl", "node_name = \"n1\"\nports { http = 8500 }");
        var flags = ConfigTestEnv.Flags("-dev", "-config-dir", _dir.FullName);
        var first = RuntimeConfigBuilder.Build(flags, ConfigTestEnv.Options);

        Write("a.hcl", "node_name = \"n2\"\nports { http = 8501 }\ndatacenter = \"dc9\"\nclient_addr = \"127.0.0.2\"");
        var r = ConfigReloader.Reload(flags, first, ConfigTestEnv.Options);
        Assert.Equal(["node_name", "datacenter", "primary_datacenter", "client_addr", "addresses.http", "addresses.https", "addresses.dns", "addresses.grpc", "ports.http"], r.NonReloadableChanges);
        Assert.Equal("n2", r.Config.NodeName);
    }

    [Fact]
    public void InvalidNewConfigThrows()
    {
        Write("a.hcl", "node_name = \"n1\"");
        var flags = ConfigTestEnv.Flags("-dev", "-config-dir", _dir.FullName);
        var first = RuntimeConfigBuilder.Build(flags, ConfigTestEnv.Options);
        Write("a.hcl", "node_name = ");
        var ex = Assert.Throws<ConfigException>(() => ConfigReloader.Reload(flags, first, ConfigTestEnv.Options));
        Assert.StartsWith("failed to parse ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffOfIdenticalConfigsIsEmpty()
    {
        var a = ConfigTestEnv.Build("-dev");
        var b = ConfigTestEnv.Build("-dev");
        Assert.Empty(ConfigReloader.Diff(a, b));
        Assert.Equal(["server", "bootstrap"], ConfigReloader.Diff(a, a with { ServerMode = false, Bootstrap = false }));
    }

    [Fact]
    public void KeepRestartOnlyKeepsEverySettingTheDiffReportsAndTakesTheRest()
    {
        var a = ConfigTestEnv.Build("-dev");
        var changed = a with
        {
            ServerMode = false,
            HttpPort = 1234,
            NodeName = "other",
            Performance = a.Performance with { RaftMultiplier = 7 },
            LogLevel = "WARN",
            NodeMeta = new Dictionary<string, string> { ["rack"] = "r1" },
        };
        Assert.Equal(["node_name", "server", "ports.http", "performance.raft_multiplier"], ConfigReloader.Diff(a, changed));
        var applied = ConfigReloader.KeepRestartOnly(a, changed);
        Assert.Empty(ConfigReloader.Diff(a, applied));
        Assert.Equal("WARN", applied.LogLevel);
        Assert.Equal("r1", applied.NodeMeta["rack"]);
    }
}
