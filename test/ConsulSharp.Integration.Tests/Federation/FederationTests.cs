using System.Globalization;
using System.Net;
using System.Text.Json;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Cluster;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Testing;
using DnsClient;
using DnsClient.Protocol;
using static ConsulSharp.Integration.Tests.Cluster.ClusterHttp;

namespace ConsulSharp.Integration.Tests.Federation;

/// <summary>
/// Two datacenters in process: dc1 (one server, one client) and dc2 (two servers), federated by giving every server
/// the other datacenter's servers as WAN members (what <c>consul join -wan</c> leaves in the WAN pool). Requests with
/// <c>?dc=dc2</c> and DNS names in <c>dc2</c> asked in dc1 are answered by dc2.
/// </summary>
public sealed class FederationTests : IAsyncLifetime
{
    private TestCluster _dc1 = null!;
    private TestCluster _dc2 = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _dc1 = await TestCluster.StartAsync(new TestClusterOptions { Servers = 1, Clients = 1, NamePrefix = "fed1-", Configure = c => c with { Datacenter = "dc1", DnsPort = 0 } }, Ct);
        _dc2 = await TestCluster.StartAsync(new TestClusterOptions { Servers = 2, NamePrefix = "fed2-", Configure = c => c with { Datacenter = "dc2", DnsPort = 0 } }, Ct);
        foreach (var server in _dc1.Servers.Concat(_dc2.Servers))
        {
            var member = WanMember(server);
            _dc1.Membership.SetWan(member);
            _dc2.Membership.SetWan(member);
        }

        var leader = await _dc2.WaitForLeaderAsync(Ct);
        await TestCluster.ServerOf(leader).ApplyAsync(
            CommandCodec.Register(new CatalogRegistration
            {
                Node = new Node { Name = "dc2-web", Address = "10.30.0.1", Datacenter = "dc2" },
                Service = new ServiceInstance { Node = "dc2-web", Id = "web1", Name = "web", Port = 8080 },
                Checks = [new HealthCheck { Node = "dc2-web", CheckId = "service:web1", Name = "svc", Status = HealthStatus.Passing, ServiceId = "web1", ServiceName = "web" }],
            }),
            Ct);
    }

    /// <summary>A server as the WAN pool shows it: <c>node.dc</c>, role consul, its datacenter and RPC port.</summary>
    private static ClusterMember WanMember(TestAgent server)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dc"] = server.Config.Datacenter,
            ["id"] = server.Host.Agent.NodeId,
            ["role"] = "consul",
            ["port"] = TestCluster.ServerOf(server).RpcEndPoint!.Port.ToString(CultureInfo.InvariantCulture),
        };
        return new ClusterMember($"{server.Config.NodeName}.{server.Config.Datacenter}", IPAddress.Loopback, 0, tags, ClusterMemberStatus.Alive);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dc1 is not null)
        {
            await _dc1.DisposeAsync();
        }

        if (_dc2 is not null)
        {
            await _dc2.DisposeAsync();
        }
    }

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
        var client = _dc1.Clients[0];
        var server = _dc1.Servers[0];
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
        foreach (var dc2Server in _dc2.Servers)
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
        using var created = await _dc1.Clients[0].Http.PostAsync(new Uri("/v1/query?dc=dc2", UriKind.Relative), content, Ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        foreach (var agent in new[] { _dc1.Clients[0], _dc1.Servers[0] })
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
