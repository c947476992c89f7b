using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Testing;
using static ConsulSharp.Integration.Tests.Cluster.ClusterHttp;

namespace ConsulSharp.Integration.Tests.Cluster;

/// <summary>Three servers formed by bootstrap-expect with a static member list, one client agent: forwarding rules.</summary>
public sealed class ForwardingTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private TestCluster Cluster => fixture.Cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BootstrapExpect_FormsOneClusterWithThreeVoters()
    {
        var leader = await Cluster.WaitForLeaderAsync(Ct);
        var expected = TestCluster.ServerOf(leader).Status.Address;
        foreach (var s in Cluster.Servers)
        {
            var status = TestCluster.ServerOf(s).Status;
            Assert.Equal(expected, status.LeaderAddress);
            Assert.Equal(3, status.Configuration.VoterCount);
            var (code, body, res) = await GetAsync(s, "/v1/status/peers?stale", Ct);
            res.Dispose();
            Assert.Equal(HttpStatusCode.OK, code);
            Assert.Equal(3, JsonSerializer.Deserialize<string[]>(body)!.Length);
        }
    }

    [Fact]
    public async Task WriteThroughFollower_IsAcknowledgedAndVisibleOnEveryServer()
    {
        var follower = await Cluster.FollowerAsync(Ct);
        var (status, body) = await PutAsync(follower, "/v1/kv/fwd/write", "from-follower", Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("true", body);
        foreach (var s in Cluster.Servers)
        {
            await EventuallyAsync(async () =>
            {
                var (code, raw, res) = await GetAsync(s, "/v1/kv/fwd/write?raw&stale", Ct);
                res.Dispose();
                return code == HttpStatusCode.OK && raw == "from-follower";
            });
        }
    }

    [Fact]
    public async Task DefaultReadOnFollower_EqualsTheLeadersAnswer()
    {
        var leader = await Cluster.WaitForLeaderAsync(Ct);
        var follower = Cluster.Servers.First(s => s != leader);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(leader, "/v1/kv/fwd/read", "v1", Ct)).Status);

        // Read right after the write: a default read on a follower is forwarded, so it sees the acknowledged write
        // with the leader's index (a local read could lag behind it).
        var (lc, lbody, lres) = await GetAsync(leader, "/v1/kv/fwd/read", Ct);
        var (fc, fbody, fres) = await GetAsync(follower, "/v1/kv/fwd/read", Ct);
        Assert.Equal(HttpStatusCode.OK, lc);
        Assert.Equal(HttpStatusCode.OK, fc);
        Assert.Equal(lbody, fbody);
        Assert.Equal(Header(lres, "X-Consul-Index"), Header(fres, "X-Consul-Index"));
        Assert.Equal("true", Header(fres, "X-Consul-KnownLeader"));
        Assert.Equal("0", Header(fres, "X-Consul-LastContact")); // answered by the leader
        lres.Dispose();
        fres.Dispose();
    }

    [Fact]
    public async Task FollowerApply_ForwardsTheCommandToTheLeader()
    {
        var follower = await Cluster.FollowerAsync(Ct);
        var server = TestCluster.ServerOf(follower);
        Assert.False(server.IsLeader);
        var command = CommandCodec.Kvs(new KvsCommand { Op = "set", Entry = new KvEntry { Key = "fwd/apply", Value = "x"u8.ToArray() } });
        var response = await server.ApplyAsync(command, Ct);
        Assert.Equal(true, response);
        var leader = await Cluster.WaitForLeaderAsync(Ct);
        Assert.NotNull(TestCluster.ServerOf(leader).State.Current.KvGet("fwd/apply").Value);
    }

    [Fact]
    public async Task BlockingQueryThroughFollower_WakesOnWrite()
    {
        var leader = await Cluster.WaitForLeaderAsync(Ct);
        var follower = Cluster.Servers.First(s => s != leader);
        await PutAsync(leader, "/v1/kv/fwd/block", "before", Ct);
        var (_, _, first) = await GetAsync(follower, "/v1/kv/fwd/block", Ct);
        var index = Header(first, "X-Consul-Index");
        first.Dispose();

        var blocking = GetAsync(follower, $"/v1/kv/fwd/block?index={index}&wait=30s", Ct);
        await Task.Delay(300, Ct);
        Assert.False(blocking.IsCompleted);
        await PutAsync(leader, "/v1/kv/fwd/block", "after", Ct);
        var (code, body, res) = await blocking.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("after")), body, StringComparison.Ordinal);
        Assert.True(ulong.Parse(Header(res, "X-Consul-Index")) > ulong.Parse(index));
        res.Dispose();
    }

    [Fact]
    public async Task Client_ForwardsKvWritesReadsAndBlockingQueries()
    {
        var client = Cluster.Clients[0];
        Assert.Null(client.Host.Services.GetService(typeof(ConsulServer)));
        var (status, body) = await PutAsync(client, "/v1/kv/fwd/client", "via-client", Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("true", body);
        var (code, raw, res) = await GetAsync(client, "/v1/kv/fwd/client?raw", Ct);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("via-client", raw);
        var index = Header(res, "X-Consul-Index");
        res.Dispose();

        var blocking = GetAsync(client, $"/v1/kv/fwd/client?index={index}&wait=30s", Ct);
        await Task.Delay(300, Ct);
        Assert.False(blocking.IsCompleted);
        await PutAsync(Cluster.Servers[0], "/v1/kv/fwd/client", "changed", Ct);
        var (bc, bbody, bres) = await blocking.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(HttpStatusCode.OK, bc);
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("changed")), bbody, StringComparison.Ordinal);
        bres.Dispose();

        var (lc, leaderBody, lres) = await GetAsync(client, "/v1/status/leader", Ct);
        lres.Dispose();
        Assert.Equal(HttpStatusCode.OK, lc);
        Assert.Equal($"\"{TestCluster.ServerOf(await Cluster.WaitForLeaderAsync(Ct)).Status.Address}\"", leaderBody);
    }

    [Fact]
    public async Task Client_ForwardsCatalogWritesAndSyncsItsServicesByAntiEntropy()
    {
        var client = Cluster.Clients[0];
        var reg = """{"Node":"external-1","Address":"10.1.2.3","Service":{"Service":"ext","Port":80}}""";
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, "/v1/catalog/register", reg, Ct)).Status);
        var (code, body, res) = await GetAsync(client, "/v1/catalog/service/ext", Ct);
        res.Dispose();
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("external-1", body, StringComparison.Ordinal);

        // A service registered on the client's own agent API reaches the catalog through anti-entropy over RPC.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, "/v1/agent/service/register", """{"Name":"web","Port":8080}""", Ct)).Status);
        var leader = await Cluster.WaitForLeaderAsync(Ct);
        await EventuallyAsync(async () =>
        {
            var (c, b, r) = await GetAsync(leader, "/v1/catalog/service/web", Ct);
            r.Dispose();
            return c == HttpStatusCode.OK && b.Contains(client.Config.NodeName, StringComparison.Ordinal);
        });
    }
}
