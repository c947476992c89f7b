using ConsulSharp.Integration.Tests.Catalog;
using ConsulSharp.Integration.Tests.Query;

namespace ConsulSharp.Integration.Tests.Coordinates;

public sealed class CoordinateEndpointTests(CatalogAgentFixture fx) : IClassFixture<CatalogAgentFixture>
{
    [Fact]
    public async Task Update_then_read_nodes_node_and_segments()
    {
        await QueryHttp.RegisterAsync(fx, "co-1", "10.8.0.1", "co-svc", "co1", "passing");
        var (status, text) = await QueryHttp.UpdateCoordinateAsync(fx, "co-1", 0.25);
        Assert.Equal((200, ""), (status, text));
        await QueryHttp.UpdateCoordinateAsync(fx, "co-1", 0.5, segment: "alpha");

        var node = await QueryHttp.JsonAsync(fx, "/v1/coordinate/node/co-1");
        Assert.Equal(2, node.GetArrayLength());
        var first = node[0];
        Assert.Equal("co-1", first.GetProperty("Node").GetString());
        Assert.Equal("", first.GetProperty("Segment").GetString());
        var coord = first.GetProperty("Coord");
        Assert.Equal(8, coord.GetProperty("Vec").GetArrayLength());
        Assert.Equal(0.25, coord.GetProperty("Vec")[0].GetDouble());
        Assert.Equal(1.5, coord.GetProperty("Error").GetDouble());
        Assert.Equal(0, coord.GetProperty("Adjustment").GetDouble());
        Assert.Equal(0.00001, coord.GetProperty("Height").GetDouble());

        var alpha = await QueryHttp.JsonAsync(fx, "/v1/coordinate/node/co-1?segment=alpha");
        Assert.Equal(0.5, Assert.Single(alpha.EnumerateArray()).GetProperty("Coord").GetProperty("Vec")[0].GetDouble());

        var nodes = await QueryHttp.JsonAsync(fx, "/v1/coordinate/nodes?segment=");
        Assert.Contains(nodes.EnumerateArray(), e => e.GetProperty("Node").GetString() == "co-1");
        Assert.All(nodes.EnumerateArray(), e => Assert.Equal("", e.GetProperty("Segment").GetString()));

        Assert.Equal(404, (await QueryHttp.SendAsync(fx, HttpMethod.Get, "/v1/coordinate/node/co-none")).Status);
    }

    [Fact]
    public async Task Unknown_nodes_are_dropped_and_bad_coordinates_refused()
    {
        Assert.Equal(200, (await QueryHttp.UpdateCoordinateAsync(fx, "co-unregistered", 0.1)).Status);
        Assert.Equal(404, (await QueryHttp.SendAsync(fx, HttpMethod.Get, "/v1/coordinate/node/co-unregistered")).Status);

        var (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Put, "/v1/coordinate/update", """{"Node":"co-x","Coord":{"Vec":[1,2],"Error":1}}""");
        Assert.Equal((500, "incompatible coordinate"), (status, text));
        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Put, "/v1/coordinate/update", """{"Node":""");
        Assert.Equal(400, status);
        Assert.StartsWith("Request decode failed: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Datacenters_lists_this_datacenter_and_blocking_reads_wake_on_updates()
    {
        var dcs = await QueryHttp.JsonAsync(fx, "/v1/coordinate/datacenters");
        var dc = Assert.Single(dcs.EnumerateArray());
        Assert.Equal("dc1", dc.GetProperty("Datacenter").GetString());
        Assert.Equal("wan", dc.GetProperty("AreaID").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, dc.GetProperty("Coordinates").ValueKind);

        await QueryHttp.RegisterAsync(fx, "co-block", "10.8.0.9", "co-svc", "co9", "passing");
        await QueryHttp.UpdateCoordinateAsync(fx, "co-block", 0.1);
        var res = await fx.Http.GetAsync("/v1/coordinate/nodes", TestContext.Current.CancellationToken);
        var index = CatalogAgentFixture.Index(res);
        var wait = fx.Http.GetAsync($"/v1/coordinate/nodes?index={index}&wait=10s", TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);
        await QueryHttp.UpdateCoordinateAsync(fx, "co-block", 0.2);
        var woke = await wait;
        Assert.True(CatalogAgentFixture.Index(woke) > index);
    }
}
