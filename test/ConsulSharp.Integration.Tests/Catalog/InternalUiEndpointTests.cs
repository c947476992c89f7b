using System.Net;

namespace ConsulSharp.Integration.Tests.Catalog;

public sealed class InternalUiEndpointTests(CatalogAgentFixture f) : IClassFixture<CatalogAgentFixture>
{
    [Fact]
    public async Task NodesNodeServicesAndOverview()
    {
        await f.RegisterAsync("""{"Node":"ui-n1","Address":"10.12.0.1","Service":{"ID":"u1","Service":"ui-svc","Tags":["z","a"],"Meta":{"external-source":"k8s"}},"Checks":[{"CheckID":"nc","Status":"passing"},{"CheckID":"sc","ServiceID":"u1","Status":"warning"}]}""");
        await f.RegisterAsync("""{"Node":"ui-n2","Address":"10.12.0.2","Service":{"ID":"u2","Service":"ui-svc","Tags":["a"]},"Checks":[{"CheckID":"sc","ServiceID":"u2","Status":"critical"}]}""");

        var (res, nodes) = await f.GetJsonAsync("/v1/internal/ui/nodes?filter=" + Uri.EscapeDataString("Node == \"ui-n1\""));
        Assert.True(CatalogAgentFixture.Index(res) > 1);
        var n1 = Assert.Single(nodes.EnumerateArray());
        Assert.Equal(["ID", "Node", "Address", "TaggedAddresses", "Meta", "Services", "Checks"], CatalogAgentFixture.Names(n1));
        Assert.Equal(2, n1.GetProperty("Checks").GetArrayLength());

        var (_, node) = await f.GetJsonAsync("/v1/internal/ui/node/ui-n2");
        Assert.Equal("u2", node.GetProperty("Services")[0].GetProperty("ID").GetString());
        var missing = await f.Http.GetAsync("/v1/internal/ui/node/nobody", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("", await missing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var (_, services) = await f.GetJsonAsync("/v1/internal/ui/services");
        var names = services.EnumerateArray().Select(s => s.GetProperty("Name").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var ui = services.EnumerateArray().Single(s => s.GetProperty("Name").GetString() == "ui-svc");
        Assert.Equal(
            ["Name", "Datacenter", "Tags", "Nodes", "ExternalSources", "InstanceCount", "ChecksPassing", "ChecksWarning", "ChecksCritical",
             "GatewayConfig", "TransparentProxy", "ConnectNative", "ConnectedWithProxy", "ConnectedWithGateway"],
            CatalogAgentFixture.Names(ui));
        Assert.Equal(["a", "z"], ui.GetProperty("Tags").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(["ui-n1", "ui-n2"], ui.GetProperty("Nodes").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(["k8s"], ui.GetProperty("ExternalSources").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(2, ui.GetProperty("InstanceCount").GetInt32());
        Assert.Equal(1, ui.GetProperty("ChecksPassing").GetInt32());
        Assert.Equal(1, ui.GetProperty("ChecksWarning").GetInt32());
        Assert.Equal(1, ui.GetProperty("ChecksCritical").GetInt32());

        var (filteredRes, filtered) = await f.GetJsonAsync("/v1/internal/ui/services?filter=" + Uri.EscapeDataString("Node.Node == \"ui-n2\""));
        Assert.True(filteredRes.IsSuccessStatusCode);
        Assert.Equal(1, filtered.EnumerateArray().Single(s => s.GetProperty("Name").GetString() == "ui-svc").GetProperty("InstanceCount").GetInt32());

        var (overviewRes, overview) = await f.GetJsonAsync("/v1/internal/ui/catalog-overview");
        Assert.False(overviewRes.Headers.Contains("X-Consul-Index"));
        Assert.Equal(["Nodes", "Services", "Checks"], CatalogAgentFixture.Names(overview));
        var svc = overview.GetProperty("Services").EnumerateArray().Single(s => s.GetProperty("Name").GetString() == "ui-svc");
        Assert.Equal(2, svc.GetProperty("Total").GetInt32());
        Assert.Equal(1, svc.GetProperty("Warning").GetInt32());
        Assert.Equal(1, svc.GetProperty("Critical").GetInt32());
        Assert.False(overview.GetProperty("Nodes")[0].TryGetProperty("Name", out _));
    }
}
