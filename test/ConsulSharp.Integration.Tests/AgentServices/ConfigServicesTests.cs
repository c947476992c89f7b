using System.Net;
using System.Text.Json;
using ConsulSharp.Hosting;
using ConsulSharp.Testing;
using static ConsulSharp.Integration.Tests.AgentServices.AgentApi;

namespace ConsulSharp.Integration.Tests.AgentServices;

/// <summary>Services and checks from config files (JSON and HCL): registered at start, diffed on reload.</summary>
public sealed class ConfigServicesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consulsharp-cfgsvc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ServicesFromJsonAndHclAreRegisteredAtStartAndDiffedOnReload()
    {
        Write("web.json", """
            {"service": {"name": "web", "port": 80, "tags": ["v1"], "address": "10.0.0.1", "meta": {"env": "qa"},
              "enable_tag_override": true, "weights": {"passing": 3, "warning": 2},
              "tagged_addresses": {"lan": {"address": "10.0.0.1", "port": 80}},
              "check": {"id": "web-ttl", "name": "web alive", "ttl": "30s", "status": "passing", "notes": "n"}}}
            """);
        Write("db.hcl", """
            service {
              name = "db"
              id   = "db1"
              port = 5432
              checks = [
                { ttl = "1m" },
                { name = "second", ttl = "1m" },
              ]
            }
            check {
              id   = "mem"
              name = "Memory"
              ttl  = "1m"
            }
            checks = [
              { id = "db-extra", name = "extra", service_id = "db1", ttl = "1m", status = "warning" }
            ]
            """);
        var agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "cfg-node", ConfigDir = _dir });
        try
        {
            await PutOkAsync(agent, "/v1/agent/service/register", """{"Name":"api-svc","Port":9000}""");
            var services = await GetJsonAsync(agent, "/v1/agent/services");
            var web = services.GetProperty("web");
            Assert.Equal(80, web.GetProperty("Port").GetInt32());
            Assert.Equal("10.0.0.1", web.GetProperty("Address").GetString());
            Assert.Equal("v1", web.GetProperty("Tags")[0].GetString());
            Assert.Equal("qa", web.GetProperty("Meta").GetProperty("env").GetString());
            Assert.True(web.GetProperty("EnableTagOverride").GetBoolean());
            Assert.Equal(3, web.GetProperty("Weights").GetProperty("Passing").GetInt32());
            Assert.Equal(2, web.GetProperty("Weights").GetProperty("Warning").GetInt32());
            Assert.Equal(80, web.GetProperty("TaggedAddresses").GetProperty("lan").GetProperty("Port").GetInt32());
            Assert.Equal(5432, services.GetProperty("db1").GetProperty("Port").GetInt32());
            Assert.Equal("passing", await CheckStatusAsync(agent, "web-ttl"));
            Assert.Equal("critical", await CheckStatusAsync(agent, "service:db1:1"));
            Assert.Equal("critical", await CheckStatusAsync(agent, "service:db1:2"));
            Assert.Equal("critical", await CheckStatusAsync(agent, "mem"));
            Assert.Equal("warning", await CheckStatusAsync(agent, "db-extra"));
            await Poll.UntilAsync("config services in the catalog", () => CatalogHasService(agent, "web") && CatalogHasService(agent, "db1"));
            await Poll.UntilAsync("config check in the catalog", () => CatalogCheckStatus(agent, "web-ttl") == "passing");

            // A check status set at runtime survives a reload that does not change its definition.
            await PutOkAsync(agent, "/v1/agent/check/warn/web-ttl");
            await PutOkAsync(agent, "/v1/agent/check/pass/service:db1:1");
            Write("db.hcl", """
                service {
                  name = "db"
                  id   = "db1"
                  port = 5433
                  checks = [{ ttl = "1m" }]
                }
                checks = [
                  { id = "db-extra", name = "extra", service_id = "db1", ttl = "1m", status = "warning" }
                ]
                """);
            Write("cache.json", """{"services": [{"name": "cache", "port": 6379}]}""");
            await PutOkAsync(agent, "/v1/agent/reload");

            services = await GetJsonAsync(agent, "/v1/agent/services");
            Assert.Equal(5433, services.GetProperty("db1").GetProperty("Port").GetInt32());
            Assert.Equal(6379, services.GetProperty("cache").GetProperty("Port").GetInt32());
            Assert.True(services.TryGetProperty("web", out _));
            Assert.True(services.TryGetProperty("api-svc", out _));
            Assert.Equal("warning", await CheckStatusAsync(agent, "web-ttl"));
            Assert.Equal("critical", await CheckStatusAsync(agent, "service:db1"));
            Assert.Null(await CheckStatusAsync(agent, "service:db1:1"));
            Assert.Null(await CheckStatusAsync(agent, "service:db1:2"));
            Assert.Null(await CheckStatusAsync(agent, "mem"));
            var extra = (await GetJsonAsync(agent, "/v1/agent/checks")).GetProperty("db-extra");
            Assert.Equal("db1", extra.GetProperty("ServiceID").GetString());
            await Poll.UntilAsync("changed port in the catalog", () => AgentApi.Server(agent).State.Current.GetNodeService("cfg-node", "db1").Value?.Port == 5433);
            await Poll.UntilAsync("removed check gone from the catalog", () => CatalogCheckStatus(agent, "mem") is null);

            File.Delete(Path.Combine(_dir, "web.json"));
            await PutOkAsync(agent, "/v1/agent/reload");
            services = await GetJsonAsync(agent, "/v1/agent/services");
            Assert.False(services.TryGetProperty("web", out _));
            Assert.True(services.TryGetProperty("api-svc", out _));
            Assert.Null(await CheckStatusAsync(agent, "web-ttl"));
            await Poll.UntilAsync("removed service gone from the catalog", () => !CatalogHasService(agent, "web"));
            Assert.True(CatalogHasService(agent, "api-svc"));
        }
        finally
        {
            await StopAsync(agent);
        }
    }

    [Fact]
    public async Task AnInvalidDefinitionStopsTheStart()
    {
        Write("web.hcl", """
            service {
              name = "web"
              check { args = ["/bin/true"], interval = "10s" }
            }
            """);
        var ex = await Assert.ThrowsAsync<AgentStartException>(() => TestAgent.StartAsync(TestAgentOptions.Dev with { ConfigDir = _dir }));
        Assert.Equal("Failed to register service \"web\": Scripts are disabled on this agent; to enable, configure 'enable_script_checks' or 'enable_local_script_checks' to true", ex.Message);
    }

    [Fact]
    public async Task AnInvalidReloadKeepsTheRunningServices()
    {
        Write("web.json", """{"service": {"name": "web", "port": 80}}""");
        var agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { ConfigDir = _dir });
        try
        {
            Write("web.json", """{"service": {"name": "web", "port": 81}}""");
            Write("mem.json", """{"check": {"id": "mem", "name": "mem", "ttl": "1m", "service_id": "nope"}}""");
            var res = await PutAsync(agent, "/v1/agent/reload");
            Assert.Equal(HttpStatusCode.InternalServerError, res.StatusCode);
            Assert.Contains("Failed reloading checks: Failed to register check 'mem': ServiceID \"nope\" does not exist", await res.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            var services = await GetJsonAsync(agent, "/v1/agent/services");
            Assert.Equal(80, services.GetProperty("web").GetProperty("Port").GetInt32());
            Assert.Equal(JsonValueKind.Object, (await GetJsonAsync(agent, "/v1/agent/checks")).ValueKind);
            Assert.Null(await CheckStatusAsync(agent, "mem"));
        }
        finally
        {
            await StopAsync(agent);
        }
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);
}
