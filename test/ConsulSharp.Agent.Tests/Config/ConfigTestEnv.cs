using System.Net;
using ConsulSharp.Agent.Config;

namespace ConsulSharp.Agent.Tests.Config;

/// <summary>Test data location and a deterministic environment (host name, private IPs) for config tests.</summary>
internal static class ConfigTestEnv
{
    public static readonly ConfigLoadOptions Options = new()
    {
        HostName = () => "testhost",
        PrivateAddresses = () => [IPAddress.Parse("10.0.0.5")],
    };

    public static string Dir { get; } = FindTestData();

    public static string Path(string relative) => System.IO.Path.Combine(Dir, relative);

    public static AgentFlags Flags(params string[] args)
    {
        var f = new AgentFlags();
        f.Parse(args);
        return f;
    }

    public static RuntimeConfig Build(params string[] args) => RuntimeConfigBuilder.Build(Flags(args), Options);

    public static ConfigLoadResult Load(params string[] args) => RuntimeConfigBuilder.Load(Flags(args), Options);

    /// <summary>Builds from HCL text given as -hcl fragments (plus a data dir so the fragment alone is valid).</summary>
    public static RuntimeConfig FromHcl(string hcl, params string[] extra) =>
        Build([.. extra, "-data-dir=/tmp/consul-test", "-hcl", hcl]);

    public static string Error(params string[] args) =>
        Assert.Throws<ConfigException>(() => Build(args)).Message;

    private static string FindTestData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "test", "ConsulSharp.Agent.Tests", "testdata", "config");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            candidate = System.IO.Path.Combine(dir.FullName, "testdata", "config");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException("testdata/config not found");
    }
}
