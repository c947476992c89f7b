using System.Net;
using ConsulSharp.Agent.Config;
using ConsulSharp.Client;
using ConsulSharp.Hosting;

namespace ConsulSharp.Testing;

/// <summary>
/// A real agent started in-process on 127.0.0.1 with OS-assigned ports and, optionally, a temporary data dir. Its log
/// lines go to the current test's output, prefixed with the node name.
/// </summary>
public sealed class TestAgent : IAsyncDisposable
{
    private readonly string? _dataDir;

    private TestAgent(AgentHost host, string? dataDir)
    {
        Host = host;
        _dataDir = dataDir;
        Client = new ConsulHttpClient(new ConsulClientConfig { Address = host.HttpAddress.ToString() });
        Http = new HttpClient { BaseAddress = host.HttpAddress };
    }

    public AgentHost Host { get; }

    public ConsulHttpClient Client { get; }

    /// <summary>A plain HttpClient on the agent's HTTP address, for tests of raw wire behaviour.</summary>
    public HttpClient Http { get; }

    public Uri HttpAddress => Host.HttpAddress;

    public RuntimeConfig Config => Host.Agent.Config;

    /// <summary>The DNS server's endpoint (UDP and TCP) when started with <see cref="TestAgentOptions.WithDns"/>.</summary>
    public IPEndPoint DnsAddress => Host.DnsAddress;

    public static async Task<TestAgent> StartAsync(TestAgentOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= TestAgentOptions.Dev;
        var name = options.NodeName.Length > 0 ? options.NodeName : "node-" + Guid.NewGuid().ToString("N")[..8];
        string? dataDir = options.WithDataDir ? Directory.CreateTempSubdirectory("consulsharp-test-").FullName : null;
        var config = new RuntimeConfig
        {
            NodeName = name,
            DevMode = true,
            ServerMode = true,
            Bootstrap = true,
            DataDir = dataDir,
            BindAddr = IPAddress.Loopback,
            AdvertiseAddr = IPAddress.Loopback,
            ClientAddrs = [IPAddress.Loopback],
            HttpPort = 0,
            DnsPort = options.WithDns ? 0 : -1,
            SerfLanPort = 0,
            SerfWanPort = 0,
            ServerPort = 0,
            UiEnabled = true,
            LogLevel = "DEBUG",
            SkipLeaveOnInterrupt = true,
        };
        config = options.Configure(config);
        Func<RuntimeConfig>? reload = null;
        if (options.ConfigDir is { } dir)
        {
            var baseConfig = config;
            reload = () => FromConfigDir(baseConfig, dir);
            config = reload();
        }

        var output = new TestOutputWriter(name);
        var host = await AgentHost.StartAsync(config, new AgentHostOptions { LogOutput = output, ConfigureDns = options.ConfigureDns, Reload = reload }, cancellationToken).ConfigureAwait(false);
        return new TestAgent(host, dataDir);
    }

    private static RuntimeConfig FromConfigDir(RuntimeConfig config, string dir)
    {
        var flags = new AgentFlags();
        flags.Parse(["-dev", "-config-dir", dir]);
        var loaded = RuntimeConfigBuilder.Build(flags);
        return config with
        {
            Services = loaded.Services,
            Checks = loaded.Checks,
            EnableScriptChecks = loaded.EnableScriptChecks,
            EnableLocalScriptChecks = loaded.EnableLocalScriptChecks,
        };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Host.DisposeAsync().ConfigureAwait(false);
        if (_dataDir is not null)
        {
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
