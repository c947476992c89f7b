using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ConsulSharp.Client;
using ConsulSharp.EndToEnd.Tests.Server;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.AgentServices;

/// <summary>
/// Services and checks registered through the HTTP API come back after the agent process restarts (even after
/// SIGKILL), as in Consul; deregistered ones do not; a config-file service with the same ID replaces the persisted one.
/// </summary>
public sealed class PersistedRegistrationTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("consulsharp-persist-").FullName;
    private readonly string _configDir = Directory.CreateTempSubdirectory("consulsharp-persist-cfg-").FullName;
    private readonly int _serverPort = FreePort();

    public void Dispose()
    {
        foreach (var d in new[] { _dataDir, _configDir })
        {
            try
            {
                Directory.Delete(d, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private string[] Args(bool withConfig = false) =>
    [
        "agent", "-server", "-bootstrap", "-data-dir", _dataDir, "-node", "persist", "-bind", "127.0.0.1",
        "-http-port=0", "-dns-port=-1", "-server-port", _serverPort.ToString(CultureInfo.InvariantCulture),
        "-serf-lan-port=0", "-serf-wan-port=0", .. withConfig ? new[] { "-config-dir", _configDir } : [],
    ];

    [Fact]
    public async Task Api_registrations_survive_restarts_and_deregistrations_do_not()
    {
        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), "persist-1");
            await using var a = agent;
            using var c = client;
            await ServerPersistenceTests.WaitForLeaderAsync(client);

            // Lower-case field names and a Go duration, as python-consul and others send them.
            await PutOkAsync(client, "/v1/agent/service/register", """{"id":"api-1","name":"api","port":8080,"tags":["v2"],"check":{"ttl":"30s"}}""");
            await PutOkAsync(client, "/v1/agent/service/register", """{"Name":"gone","Port":1}""");
            await PutOkAsync(client, "/v1/agent/check/register", """{"Name":"disk","TTL":"1m"}""");
            await PutOkAsync(client, "/v1/agent/service/deregister/gone", "");
            Assert.Equal(2, Directory.GetFiles(Path.Combine(_dataDir, "services")).Length + Directory.GetFiles(Path.Combine(_dataDir, "checks")).Length);
            agent.KillHard();
        }

        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), "persist-2");
            await using var a = agent;
            using var c = client;
            var services = await JsonAsync(client, "/v1/agent/services");
            Assert.True(services.TryGetProperty("api-1", out var api));
            Assert.Equal(8080, api.GetProperty("Port").GetInt32());
            Assert.Equal("v2", api.GetProperty("Tags")[0].GetString());
            Assert.False(services.TryGetProperty("gone", out var _));
            var checks = await JsonAsync(client, "/v1/agent/checks");
            Assert.True(checks.TryGetProperty("service:api-1", out var _));
            Assert.True(checks.TryGetProperty("disk", out var _));
            Assert.Contains("restored service definition from data dir: service=api-1", agent.Stdout, StringComparison.Ordinal);

            // The restored service is synced to the catalog like any other.
            await ServerPersistenceTests.WaitForLeaderAsync(client);
            await Eventually(async () => (await client.GetAsync("/v1/catalog/service/api")).Text.Contains("\"api-1\"", StringComparison.Ordinal));
            agent.Terminate();
            await agent.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }

        // A config file now defines api-1: it wins, and the persisted copy is dropped.
        await File.WriteAllTextAsync(Path.Combine(_configDir, "api.json"), """{"service":{"id":"api-1","name":"api","port":9090}}""");
        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(withConfig: true), "persist-3");
            await using var a = agent;
            using var c = client;
            var services = await JsonAsync(client, "/v1/agent/services");
            Assert.Equal(9090, services.GetProperty("api-1").GetProperty("Port").GetInt32());
            agent.KillHard();
        }

        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), "persist-4");
            await using var a = agent;
            using var c = client;
            var services = await JsonAsync(client, "/v1/agent/services");
            Assert.False(services.TryGetProperty("api-1", out var _));
            Assert.True((await JsonAsync(client, "/v1/agent/checks")).TryGetProperty("disk", out var _));
        }
    }

    [Fact]
    public async Task Maintenance_mode_and_ttl_status_survive_a_kill_and_restart()
    {
        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), "persist-maint-1");
            await using var a = agent;
            using var c = client;
            await ServerPersistenceTests.WaitForLeaderAsync(client);
            await PutOkAsync(client, "/v1/agent/service/register", """{"ID":"web-1","Name":"web","Port":80}""");
            await PutOkAsync(client, "/v1/agent/service/register", """{"ID":"db-1","Name":"db","Port":5432}""");
            await PutOkAsync(client, "/v1/agent/check/register", """{"Name":"app","TTL":"10m"}""");
            await PutOkAsync(client, "/v1/agent/check/register", """{"Name":"short","TTL":"1s"}""");
            await PutOkAsync(client, "/v1/agent/service/maintenance/web-1?enable=true&reason=upgrading+nginx", "");
            await PutOkAsync(client, "/v1/agent/service/maintenance/db-1?enable=true", "");
            await PutOkAsync(client, "/v1/agent/service/maintenance/db-1?enable=false", "");
            await PutOkAsync(client, "/v1/agent/maintenance?enable=true&reason=kernel+patch", "");
            await PutOkAsync(client, "/v1/agent/check/warn/app?note=disk+80%25", "");
            await PutOkAsync(client, "/v1/agent/check/pass/short?note=fine", "");
            agent.KillHard();
        }

        // Past the 1 s TTL of "short": its saved status has expired and it starts over as critical.
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), "persist-maint-2");
            await using var a = agent;
            using var c = client;
            var checks = await JsonAsync(client, "/v1/agent/checks");
            var web = checks.GetProperty("_service_maintenance:web-1");
            Assert.Equal("critical", web.GetProperty("Status").GetString());
            Assert.Equal("upgrading nginx", web.GetProperty("Notes").GetString());
            Assert.Equal("web-1", web.GetProperty("ServiceID").GetString());
            Assert.False(checks.TryGetProperty("_service_maintenance:db-1", out var _));
            Assert.Equal("kernel patch", checks.GetProperty("_node_maintenance").GetProperty("Notes").GetString());
            var app = checks.GetProperty("app");
            Assert.Equal("warning", app.GetProperty("Status").GetString());
            Assert.Equal("disk 80%", app.GetProperty("Output").GetString());
            Assert.Equal("critical", checks.GetProperty("short").GetProperty("Status").GetString());
            Assert.Contains("restored TTL check status from data dir: check=app status=warning", agent.Stdout, StringComparison.Ordinal);

            // Turning maintenance off is persisted too.
            await PutOkAsync(client, "/v1/agent/maintenance?enable=false", "");
            agent.KillHard();
        }

        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), "persist-maint-3");
            await using var a = agent;
            using var c = client;
            var checks = await JsonAsync(client, "/v1/agent/checks");
            Assert.False(checks.TryGetProperty("_node_maintenance", out var _));
            Assert.True(checks.TryGetProperty("_service_maintenance:web-1", out var _));
        }
    }

    private static async Task PutOkAsync(ConsulHttpClient client, string path, string body)
    {
        var res = await client.PutAsync(path, Encoding.UTF8.GetBytes(body));
        Assert.True(res.StatusCode == 200, $"{path}: {res.StatusCode} {res.Text}");
    }

    private static async Task<JsonElement> JsonAsync(ConsulHttpClient client, string path)
    {
        var res = await client.GetAsync(path);
        Assert.Equal(200, res.StatusCode);
        using var doc = JsonDocument.Parse(res.Body);
        return doc.RootElement.Clone();
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "condition not met within 20 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
