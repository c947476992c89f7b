using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ConsulSharp.Client;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.AgentServices;

/// <summary>The built binary with <c>-config-dir</c> holding service definitions (JSON and HCL), then <c>consul reload</c>.</summary>
public sealed class ConfigDirServicesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consulsharp-e2e-cfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ServicesFromTheConfigDirAreServedAndFollowAReload()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var tcpPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        File.WriteAllText(Path.Combine(_dir, "web.json"), $$$$"""
            {"service": {"name": "web", "port": 8080, "tags": ["v1"],
              "check": {"name": "web tcp", "tcp": "127.0.0.1:{{{{tcpPort}}}}", "interval": "1s"}}}
            """);
        File.WriteAllText(Path.Combine(_dir, "db.hcl"), """
            service {
              name = "db"
              port = 5432
              check {
                id  = "db-ttl"
                ttl = "10m"
              }
            }
            """);

        var (agent, client) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0", "-node=e2e-cfg", "-config-dir", _dir], "cfg");
        await using var _ = agent;
        using var __ = client;

        await UntilAsync("web passing in /v1/health/service/web?passing", async () =>
        {
            var health = await JsonAsync(client, "/v1/health/service/web?passing", ct);
            return health.GetArrayLength() == 1 && health[0].GetProperty("Service").GetProperty("Port").GetInt32() == 8080;
        });
        var catalogDb = await JsonAsync(client, "/v1/catalog/service/db", ct);
        Assert.Equal(5432, catalogDb[0].GetProperty("ServicePort").GetInt32());
        Assert.Equal(0, (await JsonAsync(client, "/v1/health/service/db?passing", ct)).GetArrayLength());
        await agent.WaitForOutputAsync("[INFO]  agent: Synced service: service=web", TimeSpan.FromSeconds(10));
        await agent.WaitForOutputAsync("[INFO]  agent: Synced check: check=service:web", TimeSpan.FromSeconds(10));

        File.WriteAllText(Path.Combine(_dir, "web.json"), $$$$"""
            {"service": {"name": "web", "port": 9090, "tags": ["v2"],
              "check": {"name": "web tcp", "tcp": "127.0.0.1:{{{{tcpPort}}}}", "interval": "1s"}}}
            """);
        File.Delete(Path.Combine(_dir, "db.hcl"));
        var reload = await AgentProcess.RunAsync(["reload", "-http-addr", client.BaseAddress.ToString()]);
        Assert.Equal((0, "Configuration reload triggered\n"), (reload.ExitCode, reload.Stdout));

        await UntilAsync("db gone from the catalog", async () => (await JsonAsync(client, "/v1/catalog/service/db", ct)).GetArrayLength() == 0);
        await UntilAsync("web changed in the catalog", async () =>
        {
            var web = await JsonAsync(client, "/v1/catalog/service/web", ct);
            return web.GetArrayLength() == 1 && web[0].GetProperty("ServicePort").GetInt32() == 9090 && web[0].GetProperty("ServiceTags")[0].GetString() == "v2";
        });
        Assert.Equal(1, (await JsonAsync(client, "/v1/health/service/web?passing", ct)).GetArrayLength());
        await agent.WaitForOutputAsync("[INFO]  agent: Deregistered service: service=db", TimeSpan.FromSeconds(10));
    }

    private static async Task<JsonElement> JsonAsync(ConsulHttpClient client, string path, CancellationToken ct) =>
        JsonDocument.Parse((await client.GetAsync(path, ct)).Text).RootElement.Clone();

    private static async Task UntilAsync(string what, Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (ConsulApiException)
            {
                // No leader yet on a slow machine: ask again.
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail("timed out waiting for: " + what);
    }
}
