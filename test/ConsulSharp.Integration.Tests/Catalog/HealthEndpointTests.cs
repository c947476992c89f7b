using System.Text.Json;
using ConsulSharp.Server;
using ConsulSharp.State;
using Microsoft.Extensions.DependencyInjection;

namespace ConsulSharp.Integration.Tests.Catalog;

public sealed class HealthEndpointTests(CatalogAgentFixture f) : IClassFixture<CatalogAgentFixture>
{
    private static string[] Strings(JsonElement e, string name) => e.EnumerateArray().Select(x => x.GetProperty(name).GetString()!).ToArray();

    [Fact]
    public async Task TheServersOwnEntryCarriesSerfHealthAsANodeCheck()
    {
        var (_, checks) = await f.GetJsonAsync("/v1/health/node/" + CatalogAgentFixture.SelfNode);
        var serf = checks.EnumerateArray().Single(c => c.GetProperty("CheckID").GetString() == "serfHealth");
        Assert.Equal("passing", serf.GetProperty("Status").GetString());
        Assert.Equal("{}", serf.GetProperty("Definition").GetRawText());

        var (_, consul) = await f.GetJsonAsync("/v1/health/service/consul");
        var entry = Assert.Single(consul.EnumerateArray());
        Assert.Equal(["Node", "Service", "Checks"], CatalogAgentFixture.Names(entry));
        Assert.Equal(CatalogAgentFixture.SelfNode, entry.GetProperty("Node").GetProperty("Node").GetString());
        Assert.Equal("consul", entry.GetProperty("Service").GetProperty("ID").GetString());
        Assert.Contains("serfHealth", Strings(entry.GetProperty("Checks"), "CheckID"));
    }

    [Fact]
    public async Task PassingKeepsOnlyInstancesWhoseEveryCheckPasses()
    {
        await f.RegisterAsync("""{"Node":"hp-n1","Address":"10.8.0.1","Service":{"ID":"hp1","Service":"hp","Tags":["blue"]},"Checks":[{"CheckID":"n","Status":"passing"},{"CheckID":"s","ServiceID":"hp1","Status":"passing"}]}""");
        await f.RegisterAsync("""{"Node":"hp-n2","Address":"10.8.0.2","Service":{"ID":"hp2","Service":"hp"},"Checks":[{"CheckID":"n","Status":"warning"},{"CheckID":"s","ServiceID":"hp2","Status":"passing"}]}""");
        await f.RegisterAsync("""{"Node":"hp-n3","Address":"10.8.0.3","NodeMeta":{"tier":"x"},"Service":{"ID":"hp3","Service":"hp","Tags":["blue"]},"Checks":[{"CheckID":"s","ServiceID":"hp3","Status":"critical"}]}""");

        async Task<string[]> Ids(string q)
        {
            var (_, body) = await f.GetJsonAsync("/v1/health/service/hp" + q);
            return body.EnumerateArray().Select(e => e.GetProperty("Service").GetProperty("ID").GetString()!).ToArray();
        }

        Assert.Equal(["hp1", "hp2", "hp3"], await Ids(""));
        Assert.Equal(["hp1"], await Ids("?passing"));
        Assert.Equal(["hp1"], await Ids("?passing=true"));
        Assert.Equal(["hp1", "hp2", "hp3"], await Ids("?passing=false"));
        Assert.Equal(["hp1", "hp3"], await Ids("?tag=blue"));
        Assert.Equal(["hp3"], await Ids("?node-meta=tier:x"));
        Assert.Equal(["hp2"], await Ids("?filter=" + Uri.EscapeDataString("Checks.Status == warning")));
        Assert.Equal(["hp1", "hp3"], await Ids("?filter=" + Uri.EscapeDataString("\"blue\" in Service.Tags")));
        Assert.Equal((400, "Invalid value for ?passing"), await f.GetTextAsync("/v1/health/service/hp?passing=maybe"));

        var (_, full) = await f.GetJsonAsync("/v1/health/service/hp?tag=blue");
        Assert.Equal(["n", "s"], Strings(full[0].GetProperty("Checks"), "CheckID"));

        var (_, checks) = await f.GetJsonAsync("/v1/health/checks/hp");
        Assert.Equal(["s", "s", "s"], Strings(checks, "CheckID"));
        var (_, tierChecks) = await f.GetJsonAsync("/v1/health/checks/hp?node-meta=tier:x");
        Assert.Equal(["hp-n3"], Strings(tierChecks, "Node"));
        var (_, critical) = await f.GetJsonAsync("/v1/health/checks/hp?filter=" + Uri.EscapeDataString("Status == critical"));
        Assert.Equal(["hp-n3"], Strings(critical, "Node"));
    }

    [Fact]
    public async Task StateListsChecksByStatus()
    {
        await f.RegisterAsync("""{"Node":"st-n1","Address":"10.9.0.1","Checks":[{"CheckID":"st-warn","Status":"warning"},{"CheckID":"st-crit","Status":"critical"}]}""");
        var (res, warning) = await f.GetJsonAsync("/v1/health/state/warning");
        Assert.Equal("leader", CatalogAgentFixture.Header(res, "X-Consul-Effective-Consistency"));
        Assert.Contains("st-warn", Strings(warning, "CheckID"));
        Assert.DoesNotContain("st-crit", Strings(warning, "CheckID"));
        var (_, any) = await f.GetJsonAsync("/v1/health/state/any?filter=" + Uri.EscapeDataString("Node == \"st-n1\""));
        Assert.Equal(["st-crit", "st-warn"], Strings(any, "CheckID"));
        var (_, passing) = await f.GetJsonAsync("/v1/health/state/passing");
        Assert.Contains("serfHealth", Strings(passing, "CheckID"));
        var (stale, _) = await f.GetJsonAsync("/v1/health/state/critical?stale");
        Assert.Equal("stale", CatalogAgentFixture.Header(stale, "X-Consul-Effective-Consistency"));
        var (consistent, _) = await f.GetJsonAsync("/v1/catalog/nodes?consistent");
        Assert.Equal("consistent", CatalogAgentFixture.Header(consistent, "X-Consul-Effective-Consistency"));
        Assert.Equal(400, (await f.GetTextAsync("/v1/health/state/bogus")).Status);
        Assert.Equal((400, "Missing check state"), await f.GetTextAsync("/v1/health/state/"));
        Assert.Equal((400, "Missing service name"), await f.GetTextAsync("/v1/health/checks/"));
        Assert.Equal((400, "Missing service name"), await f.GetTextAsync("/v1/health/service/"));

        var (_, unknownNode) = await f.GetJsonAsync("/v1/health/node/nobody-here");
        Assert.Equal(0, unknownNode.GetArrayLength());
    }

    [Fact]
    public async Task BlockingHealthServiceWakesOnItsOwnServiceOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await f.RegisterAsync("""{"Node":"blk-n1","Address":"10.10.0.1","Service":{"ID":"a1","Service":"blk-a"}}""");
        await f.RegisterAsync("""{"Node":"blk-n1","Address":"10.10.0.1","Service":{"ID":"b1","Service":"blk-b"}}""");
        var (first, _) = await f.GetJsonAsync("/v1/health/service/blk-b");
        var index = CatalogAgentFixture.Index(first);

        // The same watch set the endpoint blocks on: a write to service A must not fire it, a write to B must.
        var server = f.Agent.Host.Services.GetRequiredService<ConsulServer>();
        var ws = new WatchSet(server.State.Current);
        server.State.Current.CheckServiceNodes("blk-b", ws: ws);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var wait = server.State.WaitAsync(ws, cts.Token);

        var blocked = f.Http.GetAsync($"/v1/health/service/blk-b?index={index}&wait=20s", ct);
        await f.RegisterAsync("""{"Node":"blk-n1","Address":"10.10.0.1","Service":{"ID":"a1","Service":"blk-a","Port":1}}""");
        await f.RegisterAsync("""{"Node":"blk-n1","Address":"10.10.0.1","Checks":[{"CheckID":"a-chk","ServiceID":"a1","Status":"passing"}]}""");
        Assert.False(wait.IsCompleted);
        Assert.False(blocked.IsCompleted);

        await f.RegisterAsync("""{"Node":"blk-n1","Address":"10.10.0.1","Service":{"ID":"b1","Service":"blk-b","Port":2}}""");
        await wait.WaitAsync(TimeSpan.FromSeconds(10), ct);
        var res = await blocked.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(CatalogAgentFixture.Index(res) > index);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync(ct));
        Assert.Equal(2, doc.RootElement[0].GetProperty("Service").GetProperty("Port").GetInt32());
    }

    [Fact]
    public async Task BlockingWaitExpiresWithTheSameIndexAndCatalogReadsBlockToo()
    {
        var ct = TestContext.Current.CancellationToken;
        await f.RegisterAsync("""{"Node":"exp-n1","Address":"10.11.0.1","Service":{"ID":"e1","Service":"exp-svc"}}""");
        var (first, _) = await f.GetJsonAsync("/v1/catalog/service/exp-svc");
        var index = CatalogAgentFixture.Index(first);
        var res = await f.Http.GetAsync($"/v1/catalog/service/exp-svc?index={index}&wait=300ms", ct);
        Assert.Equal(index, CatalogAgentFixture.Index(res));

        var (nodes, _) = await f.GetJsonAsync("/v1/catalog/nodes");
        var nodesIndex = CatalogAgentFixture.Index(nodes);
        var blocked = f.Http.GetAsync($"/v1/catalog/nodes?index={nodesIndex}&wait=20s", ct);
        await f.RegisterAsync("""{"Node":"exp-n2","Address":"10.11.0.2"}""");
        var woke = await blocked.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(CatalogAgentFixture.Index(woke) > nodesIndex);
        Assert.Contains("exp-n2", await woke.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var (checks, _) = await f.GetJsonAsync("/v1/health/node/exp-n1");
        var checksIndex = CatalogAgentFixture.Index(checks);
        var blockedChecks = f.Http.GetAsync($"/v1/health/node/exp-n1?index={checksIndex}&wait=20s", ct);
        await f.RegisterAsync("""{"Node":"exp-n1","Address":"10.11.0.1","Check":{"CheckID":"late","Status":"passing"}}""");
        var wokeChecks = await blockedChecks.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Contains("late", await wokeChecks.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
