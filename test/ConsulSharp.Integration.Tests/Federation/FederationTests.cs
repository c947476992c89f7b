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
}
