using System.Net;
using System.Text;
using ConsulSharp.Server.Rpc;
using ConsulSharp.Server.Rpc.Wire;
using DnsClient;
using DnsClient.Protocol;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsulSharp.Dns.Tests;

/// <summary>
/// A DNS server with no state store of its own (as on a client agent) reading the fixture's catalog through the API
/// dispatcher (<see cref="RemoteDnsCatalog"/>): same answers as the server's, one fetch per name and TTL, and
/// Consul's rcodes when the servers cannot answer.
/// </summary>
public sealed class RemoteCatalogTests(DnsFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(DnsServer Server, CountingApi Api)> StartAsync(TimeSpan ttl, IForwardedRequestHandler? inner = null)
    {
        var api = new CountingApi(inner ?? fx.Agent.Host.Services.GetRequiredService<IForwardedRequestHandler>());
        var options = new DnsOptions { Datacenter = "dc1", Domain = "consul.", RemoteCacheTtl = ttl };
        var server = new DnsServer(options, () => null, TimeProvider.System, NullLoggerFactory.Instance, api);
        await server.StartAsync([IPAddress.Loopback], 0, CancellationToken.None);
        return (server, api);
    }

    private static string[] Addresses(IDnsQueryResponse r) =>
        [.. r.Answers.ARecords().Select(a => a.Address.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Without_local_state_answers_come_from_the_api_with_health_filtering()
    {
        var (server, _) = await StartAsync(TimeSpan.FromSeconds(1));
        await using var _1 = server;
        var client = fx.Client(server.Endpoints[0]);

        Assert.Equal(["10.0.0.1", "10.0.0.2"], Addresses(await client.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct)));
        var srv = await client.QueryAsync("primary.web.service.consul", QueryType.SRV, cancellationToken: Ct);
        Assert.Equal("n1.node.dc1.consul.", Assert.Single(srv.Answers.SrvRecords()).Target.Value);
        Assert.Equal("10.0.0.1", Assert.Single(srv.Additionals.ARecords()).Address.ToString());
        Assert.Equal(["10.0.0.1"], Addresses(await fx.Client(server.Endpoints[0], tcpOnly: true).QueryAsync("n1.node.consul", QueryType.A, cancellationToken: Ct)));
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await client.QueryAsync("nope.service.consul", QueryType.A, cancellationToken: Ct)).Header.ResponseCode);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await client.QueryAsync("web.service.dc9.consul", QueryType.A, cancellationToken: Ct)).Header.ResponseCode);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await client.QueryAsync("no-such-node.node.consul", QueryType.A, cancellationToken: Ct)).Header.ResponseCode);
        var ptr = await client.QueryAsync("1.0.0.10.in-addr.arpa", QueryType.PTR, cancellationToken: Ct);
        Assert.Equal("n1.node.dc1.consul.", Assert.Single(ptr.Answers.PtrRecords()).PtrDomainName.Value);
    }

    [Fact]
    public async Task Questions_within_the_ttl_share_one_fetch()
    {
        var (server, api) = await StartAsync(TimeSpan.FromHours(1));
        await using var _1 = server;
        var client = fx.Client(server.Endpoints[0]);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.QueryAsync("many.service.consul", QueryType.A, cancellationToken: Ct)));
        Assert.All(answers, a => Assert.Equal(20, a.Answers.Count));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(20, (await client.QueryAsync("many.service.consul", QueryType.A, cancellationToken: Ct)).Answers.Count);
        }

        Assert.Equal(1, api.Calls("/v1/health/service/many"));
        Assert.Equal(1, server.Remote!.Fetches);
    }

    [Fact]
    public async Task A_zero_ttl_fetches_for_every_question_and_still_answers_each()
    {
        var (server, api) = await StartAsync(TimeSpan.Zero);
        await using var _1 = server;
        var client = fx.Client(server.Endpoints[0]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(["10.0.0.1", "10.0.0.2"], Addresses(await client.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct)));
        }

        Assert.Equal(3, api.Calls("/v1/health/service/web"));
    }

    [Fact]
    public async Task No_server_gives_SERVFAIL_and_an_unknown_datacenter_NXDOMAIN()
    {
        var (server, _) = await StartAsync(TimeSpan.FromSeconds(1), new FailingApi());
        await using var _1 = server;
        var client = fx.Client(server.Endpoints[0]);
        Assert.Equal(DnsHeaderResponseCode.ServerFailure, (await client.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct)).Header.ResponseCode);
        var nx = await client.QueryAsync("web.service.dc2.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, nx.Header.ResponseCode);
        Assert.Single(nx.Authorities.SoaRecords());
    }

    private sealed class CountingApi(IForwardedRequestHandler inner) : IForwardedRequestHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

        public int Calls(string path) => _calls.GetValueOrDefault(path);

        public Task<ForwardReply> HandleAsync(ForwardRequest request, CancellationToken cancellationToken)
        {
            _calls.AddOrUpdate(request.Path, 1, (_, n) => n + 1);
            return inner.HandleAsync(request, cancellationToken);
        }
    }

    /// <summary>A client agent whose servers are gone, or asked for a datacenter nobody knows.</summary>
    private sealed class FailingApi : IForwardedRequestHandler
    {
        public Task<ForwardReply> HandleAsync(ForwardRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new ForwardReply
            {
                Status = 500,
                Body = ByteString.CopyFrom(request.Query.Contains("dc=dc2", StringComparison.Ordinal) ? "No path to datacenter" : "No known Consul servers", Encoding.UTF8),
            });
    }
}
