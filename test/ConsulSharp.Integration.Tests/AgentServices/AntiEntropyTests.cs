using System.Net;
using ConsulSharp.Agent.Local;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConsulSharp.Integration.Tests.AgentServices.AgentApi;

namespace ConsulSharp.Integration.Tests.AgentServices;

public sealed class AntiEntropyTests : IAsyncLifetime
{
    private TestAgent _agent = null!;

    public async ValueTask InitializeAsync() => _agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "ae-node" });

    public ValueTask DisposeAsync() => StopAsync(_agent);

    [Fact]
    public async Task RegistrationsAndDeregistrationsReachTheCatalog()
    {
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"web","Port":80,"Check":{"TTL":"1m","Status":"passing"}}""");
        await Poll.UntilAsync("service in catalog", () => CatalogHasService(_agent, "web"));
        await Poll.UntilAsync("check in catalog", () => CatalogCheckStatus(_agent, "service:web") == "passing");
        await PutOkAsync(_agent, "/v1/agent/check/fail/service:web");
        await Poll.UntilAsync("check critical in catalog", () => CatalogCheckStatus(_agent, "service:web") == "critical");
        await PutOkAsync(_agent, "/v1/agent/service/deregister/web");
        await Poll.UntilAsync("service gone", () => !CatalogHasService(_agent, "web") && CatalogCheckStatus(_agent, "service:web") is null);
        Assert.True(CatalogHasService(_agent, "consul"));
        Assert.Equal("passing", CatalogCheckStatus(_agent, "serfHealth"));
    }

    [Fact]
    public async Task FullSyncRepairsDriftAndRemovesUnknownEntries()
    {
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"web","Port":80}""");
        await Poll.UntilAsync("service in catalog", () => CatalogHasService(_agent, "web"));
        var server = AgentApi.Server(_agent);
        var node = server.State.Current.GetNode("ae-node").Value!;
        await server.ApplyAsync(CommandCodec.Deregister(new DeregisterCommand { Node = "ae-node", ServiceId = "web" }), Ct);
        await server.ApplyAsync(CommandCodec.Register(new CatalogRegistration
        {
            Node = node,
            SkipNodeUpdate = true,
            Service = new ServiceInstance { Node = "ae-node", Id = "stranger", Name = "stranger" },
        }), Ct);
        Assert.False(CatalogHasService(_agent, "web"));

        await _agent.Host.Services.GetRequiredService<AntiEntropy>().SyncFullAsync(Ct);

        Assert.True(CatalogHasService(_agent, "web"));
        Assert.False(CatalogHasService(_agent, "stranger"));
        Assert.True(CatalogHasService(_agent, "consul"));
        Assert.Equal("passing", CatalogCheckStatus(_agent, "serfHealth"));
    }

    [Fact]
    public void ScaledIntervalGrowsPastOneHundredTwentyEightNodes()
    {
        var one = TimeSpan.FromMinutes(1);
        Assert.Equal(one, AntiEntropy.ScaledInterval(one, 1));
        Assert.Equal(one, AntiEntropy.ScaledInterval(one, 128));
        Assert.Equal(one * 2, AntiEntropy.ScaledInterval(one, 256));
        Assert.Equal(one * 4, AntiEntropy.ScaledInterval(one, 1024));
    }

    [Fact]
    public async Task MaintenanceModeAddsCriticalChecksAndTurnsHealth503()
    {
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"web","Check":{"TTL":"1m","Status":"passing"}}""");
        await PutOkAsync(_agent, "/v1/agent/service/maintenance/web?enable=true&reason=upgrade");
        var checks = await GetJsonAsync(_agent, "/v1/agent/checks");
        var maint = checks.GetProperty("_service_maintenance:web");
        Assert.Equal("critical", maint.GetProperty("Status").GetString());
        Assert.Equal("upgrade", maint.GetProperty("Notes").GetString());
        var health = await _agent.Http.GetAsync("/v1/agent/health/service/id/web?format=text", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("maintenance", await health.Content.ReadAsStringAsync(Ct));
        await Poll.UntilAsync("maintenance in catalog", () => CatalogCheckStatus(_agent, "_service_maintenance:web") == "critical");

        await PutOkAsync(_agent, "/v1/agent/service/maintenance/web?enable=false");
        Assert.False((await GetJsonAsync(_agent, "/v1/agent/checks")).TryGetProperty("_service_maintenance:web", out _));

        await PutOkAsync(_agent, "/v1/agent/maintenance?enable=true");
        var node = (await GetJsonAsync(_agent, "/v1/agent/checks")).GetProperty("_node_maintenance");
        Assert.Equal(LocalAgent.DefaultNodeMaintenanceReason, node.GetProperty("Notes").GetString());
        await PutOkAsync(_agent, "/v1/agent/maintenance?enable=false");

        var missing = await PutAsync(_agent, "/v1/agent/maintenance");
        Assert.Equal("Missing value for enable", (await missing.Content.ReadAsStringAsync(Ct)).TrimEnd());
        var invalid = await PutAsync(_agent, "/v1/agent/maintenance?enable=maybe");
        Assert.Equal("Invalid value for enable: \"maybe\"", (await invalid.Content.ReadAsStringAsync(Ct)).TrimEnd());
        var unknown = await PutAsync(_agent, "/v1/agent/service/maintenance/ghost?enable=true");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
