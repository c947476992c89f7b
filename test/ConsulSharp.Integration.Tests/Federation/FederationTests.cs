using System.Net;
using System.Text.Json;
using ConsulSharp.Testing;
using DnsClient;
using DnsClient.Protocol;
using static ConsulSharp.Integration.Tests.Cluster.ClusterHttp;

namespace ConsulSharp.Integration.Tests.Federation;

/// <summary>Requests and DNS names for another datacenter, asked in dc1 (see <see cref="FederationFixture"/>).</summary>
public sealed class FederationTests(FederationFixture fixture) : IClassFixture<FederationFixture>
{
    private TestCluster Dc1 => fixture.Dc1;

    private TestCluster Dc2 => fixture.Dc2;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LookupClient Dns(TestAgent agent) =>
        new(new LookupClientOptions(agent.DnsAddress)
        {
            UseCache = false,
            Retries = 0,
            Timeout = TimeSpan.FromSeconds(8),
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });

    [Fact]
    public async Task Requests_for_another_datacenter_are_answered_by_it_from_clients_and_servers()
    {
        var client = Dc1.Clients[0];
        var server = Dc1.Servers[0];
        foreach (var agent in new[] { client, server })
        {
            var (status, body, res) = await GetAsync(agent, "/v1/catalog/service/web?dc=dc2", Ct);
            res.Dispose();
            Assert.Equal(HttpStatusCode.OK, status);
            var instance = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
            Assert.Equal("10.30.0.1", instance.GetProperty("Address").GetString());
            Assert.Equal("dc2", instance.GetProperty("Datacenter").GetString());

            (status, body, res) = await GetAsync(agent, "/v1/catalog/datacenters", Ct);
            res.Dispose();
            Assert.Equal("""["dc1","dc2"]""", body); // no coordinates between them here: own datacenter first, then by name

            (status, body, res) = await GetAsync(agent, "/v1/catalog/nodes?dc=dc9", Ct);
            res.Dispose();
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Equal("No path to datacenter", body);
        }

        // Without ?dc the client's own datacenter answers.
        var (own, ownBody, ownRes) = await GetAsync(client, "/v1/catalog/service/web", Ct);
        ownRes.Dispose();
        Assert.Equal(HttpStatusCode.OK, own);
        Assert.Equal("[]", ownBody);

        // A write goes to dc2's leader; a blocking read in dc2 sees it.
        Assert.Equal((HttpStatusCode.OK, "true"), await PutAsync(client, "/v1/kv/fed/key?dc=dc2", "from-dc1", Ct));
        foreach (var dc2Server in Dc2.Servers)
        {
            await EventuallyAsync(async () =>
            {
                var (code, raw, r) = await GetAsync(dc2Server, "/v1/kv/fed/key?raw&stale", Ct);
                r.Dispose();
                return code == HttpStatusCode.OK && raw == "from-dc1";
            });
        }

        var (missing, _, missingRes) = await GetAsync(server, "/v1/kv/fed/key", Ct);
        missingRes.Dispose();
        Assert.Equal(HttpStatusCode.NotFound, missing); // not written in dc1
    }

    [Fact]
    public async Task Dns_names_in_another_datacenter_are_answered_through_it()
    {
        using var content = new StringContent("""{"Name":"fedq","Service":{"Service":"web"}}""");
        using var created = await Dc1.Clients[0].Http.PostAsync(new Uri("/v1/query?dc=dc2", UriKind.Relative), content, Ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        foreach (var agent in new[] { Dc1.Clients[0], Dc1.Servers[0] })
        {
            var dns = Dns(agent);
            var a = await dns.QueryAsync("web.service.dc2.consul", QueryType.A, cancellationToken: Ct);
            Assert.Equal("10.30.0.1", Assert.Single(a.Answers.ARecords()).Address.ToString());
            var srv = await dns.QueryAsync("web.service.dc2.consul", QueryType.SRV, cancellationToken: Ct);
            Assert.Equal("dc2-web.node.dc2.consul.", Assert.Single(srv.Answers.SrvRecords()).Target.Value);
            var node = await dns.QueryAsync("dc2-web.node.dc2.consul", QueryType.A, cancellationToken: Ct);
            Assert.Equal("10.30.0.1", Assert.Single(node.Answers.ARecords()).Address.ToString());
            var query = await dns.QueryAsync("fedq.query.dc2.consul", QueryType.A, cancellationToken: Ct);
            Assert.Equal("10.30.0.1", Assert.Single(query.Answers.ARecords()).Address.ToString());
            Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await dns.QueryAsync("web.service.dc1.consul", QueryType.A, cancellationToken: Ct)).Header.ResponseCode);
            var unknown = await dns.QueryAsync("web.service.dc9.consul", QueryType.A, cancellationToken: Ct);
            Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, unknown.Header.ResponseCode);
            Assert.Single(unknown.Authorities.SoaRecords());
        }
    }

    [Fact]
    public async Task Prepared_queries_fail_over_to_the_next_datacenter_when_none_is_healthy_here()
    {
        var client = Dc1.Clients[0];
        async Task Create(string json)
        {
            using var content = new StringContent(json);
            using var created = await client.Http.PostAsync(new Uri("/v1/query", UriKind.Relative), content, Ct);
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        // dc9 is unknown to the WAN pool: skipped, not counted. NearestN picks dc2, the only other datacenter.
        await Create("""{"Name":"fo-listed","Service":{"Service":"web","Failover":{"Datacenters":["dc9","dc2"]}}}""");
        await Create("""{"Name":"fo-nearest","Service":{"Service":"web","Failover":{"NearestN":1}}}""");
        await Create("""{"Name":"fo-targets","Service":{"Service":"web","Failover":{"Targets":[{"Datacenter":"dc2"}]}}}""");
        await Create("""{"Name":"fo-nothing","Service":{"Service":"absent","Failover":{"NearestN":2,"Datacenters":["dc2"]}}}""");
        await Create("""{"Name":"fo-none","Service":{"Service":"web"}}""");
        foreach (var agent in new[] { client, Dc1.Servers[0] })
        {
            foreach (var name in new[] { "fo-listed", "fo-nearest", "fo-targets" })
            {
                var (status, body, res) = await GetAsync(agent, $"/v1/query/{name}/execute", Ct);
                res.Dispose();
                Assert.Equal(HttpStatusCode.OK, status);
                var root = JsonDocument.Parse(body).RootElement;
                Assert.Equal("dc2", root.GetProperty("Datacenter").GetString());
                Assert.Equal(1, root.GetProperty("Failovers").GetInt32());
                var node = Assert.Single(root.GetProperty("Nodes").EnumerateArray());
                Assert.Equal("10.30.0.1", node.GetProperty("Node").GetProperty("Address").GetString());
                Assert.Equal("web1", node.GetProperty("Service").GetProperty("ID").GetString());
            }

            // dc2 asked once (NearestN and the list name the same datacenter), nothing there either.
            var (s2, b2, r2) = await GetAsync(agent, "/v1/query/fo-nothing/execute", Ct);
            r2.Dispose();
            Assert.Equal(HttpStatusCode.OK, s2);
            var nothing = JsonDocument.Parse(b2).RootElement;
            Assert.Equal(1, nothing.GetProperty("Failovers").GetInt32());
            Assert.Empty(nothing.GetProperty("Nodes").EnumerateArray());

            var (s3, b3, r3) = await GetAsync(agent, "/v1/query/fo-none/execute", Ct);
            r3.Dispose();
            var none = JsonDocument.Parse(b3).RootElement;
            Assert.Equal("dc1", none.GetProperty("Datacenter").GetString());
            Assert.Equal(0, none.GetProperty("Failovers").GetInt32());
            Assert.Empty(none.GetProperty("Nodes").EnumerateArray());
        }

        // DNS fails over too, on client agents (they execute through the servers) and on servers.
        foreach (var agent in new[] { client, Dc1.Servers[0] })
        {
            var a = await Dns(agent).QueryAsync("fo-listed.query.consul", QueryType.A, cancellationToken: Ct);
            Assert.Equal("10.30.0.1", Assert.Single(a.Answers.ARecords()).Address.ToString());
            var srv = await Dns(agent).QueryAsync("fo-nearest.query.consul", QueryType.SRV, cancellationToken: Ct);
            Assert.Equal("dc2-web.node.dc2.consul.", Assert.Single(srv.Answers.SrvRecords()).Target.Value);
        }
    }
}
