using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ConsulSharp.Server.Rpc;
using ConsulSharp.Server.Rpc.Wire;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsulSharp.Dns.Tests;

/// <summary>
/// <see cref="RoutedDnsCatalog"/> on a server: a prepared query whose local answer is empty goes through the HTTP
/// execute (which can fail over to other datacenters) only when the query has failover configured.
/// </summary>
public sealed class FastPathTests(DnsFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task CreateAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var res = await fx.Agent.Http.PostAsync("/v1/query", content, Ct);
        Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync(Ct));
    }

    private async Task<(DnsServer Server, CountingApi Api)> StartAsync()
    {
        var api = new CountingApi(fx.Agent.Host.Services.GetRequiredService<IForwardedRequestHandler>());
        var server = new DnsServer(new DnsOptions { Datacenter = "dc1", Domain = "consul." }, () => fx.Server.State.Current, TimeProvider.System, NullLoggerFactory.Instance, api);
        await server.StartAsync([IPAddress.Loopback], 0, CancellationToken.None);
        return (server, api);
    }

    [Fact]
    public async Task Empty_local_answer_without_failover_makes_no_remote_call()
    {
        await CreateAsync("""{"Name":"fast-nofail","Service":{"Service":"no-such-svc"}}""");
        var (server, api) = await StartAsync();
        await using var _ = server;
        var r = await fx.Client(server.Endpoints[0]).QueryAsync("fast-nofail.query.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, r.Header.ResponseCode);
        Assert.Equal(0, api.Total);
    }

    [Fact]
    public async Task Empty_local_answer_with_failover_asks_the_execute_endpoint()
    {
        await CreateAsync("""{"Name":"fast-fail","Service":{"Service":"no-such-svc","Failover":{"Datacenters":["dc2"]}}}""");
        await CreateAsync("""{"Name":"fast-nearest","Service":{"Service":"no-such-svc","Failover":{"NearestN":2}}}""");
        var (server, api) = await StartAsync();
        await using var _ = server;
        var client = fx.Client(server.Endpoints[0]);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await client.QueryAsync("fast-fail.query.consul", QueryType.A, cancellationToken: Ct)).Header.ResponseCode);
        Assert.Equal(1, api.Calls("/v1/query/fast-fail/execute"));
        await client.QueryAsync("fast-nearest.query.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(1, api.Calls("/v1/query/fast-nearest/execute"));
    }

    [Fact]
    public async Task A_local_answer_makes_no_remote_call()
    {
        await CreateAsync("""{"Name":"fast-found","Service":{"Service":"web","Failover":{"Datacenters":["dc2"]}}}""");
        var (server, api) = await StartAsync();
        await using var _ = server;
        var r = await fx.Client(server.Endpoints[0]).QueryAsync("fast-found.query.consul", QueryType.A, cancellationToken: Ct);
        Assert.NotEmpty(r.Answers);
        Assert.Equal(0, api.Total);
    }

    private sealed class CountingApi(IForwardedRequestHandler inner) : IForwardedRequestHandler
    {
        private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

        public int Total => _calls.Values.Sum();

        public int Calls(string path) => _calls.GetValueOrDefault(path);

        public Task<ForwardReply> HandleAsync(ForwardRequest request, CancellationToken cancellationToken)
        {
            _calls.AddOrUpdate(request.Path, 1, (_, n) => n + 1);
            return inner.HandleAsync(request, cancellationToken);
        }
    }
}
