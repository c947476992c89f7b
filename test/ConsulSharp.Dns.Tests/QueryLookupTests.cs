using System.Text;
using DnsClient;
using DnsClient.Protocol;

namespace ConsulSharp.Dns.Tests;

/// <summary><c>.query.</c> names: prepared queries created over HTTP on the fixture's agent, answered over DNS.</summary>
public sealed class QueryLookupTests(DnsFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Addresses(IDnsQueryResponse r) =>
        [.. r.Answers.ARecords().Select(a => a.Address.ToString()).Order(StringComparer.Ordinal)];

    private async Task<string> CreateAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var res = await fx.Agent.Http.PostAsync("/v1/query", content, Ct);
        var body = await res.Content.ReadAsStringAsync(Ct);
        Assert.True(res.IsSuccessStatusCode, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("ID").GetString()!;
    }

    [Fact]
    public async Task Query_by_name_answers_healthy_nodes_with_the_query_ttl()
    {
        await CreateAsync("""{"Name":"dnsq-web","Service":{"Service":"web"},"DNS":{"TTL":"42s"}}""");
        var r = await fx.Client().QueryAsync("dnsq-web.query.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.NoError, r.Header.ResponseCode);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], Addresses(r)); // critical n3/n4 left out, warning n2 kept
        Assert.All(r.Answers, a => Assert.Equal(42, a.InitialTimeToLive));
    }

    [Fact]
    public async Task Query_by_id_with_datacenter_and_only_passing()
    {
        var id = await CreateAsync("""{"Name":"dnsq-passing","Service":{"Service":"web","OnlyPassing":true}}""");
        var r = await fx.Client().QueryAsync(id + ".query.dc1.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(["10.0.0.1"], Addresses(r));
    }

    [Fact]
    public async Task Srv_targets_nodes_with_addresses_as_additional()
    {
        await CreateAsync("""{"Name":"dnsq-srv","Service":{"Service":"web","Tags":["!secondary"]}}""");
        var r = await fx.Client().QueryAsync("dnsq-srv.query.consul", QueryType.SRV, cancellationToken: Ct);
        var srv = Assert.Single(r.Answers.SrvRecords());
        Assert.Equal("n1.node.dc1.consul.", srv.Target.Value);
        Assert.Equal(8080, srv.Port);
        Assert.Contains(r.Additionals.ARecords(), a => a.DomainName.Value == "n1.node.dc1.consul.");
    }

    [Fact]
    public async Task Template_renders_the_looked_up_name()
    {
        await CreateAsync("""{"Name":"dnstpl-","Template":{"Type":"name_prefix_match","Regexp":"^dnstpl-(.+)$"},"Service":{"Service":"${match(1)}"}}""");
        var r = await fx.Client().QueryAsync("dnstpl-api.query.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(["192.168.1.5"], Addresses(r));
    }

    [Fact]
    public async Task Unknown_query_other_datacenter_and_no_healthy_nodes_are_nxdomain()
    {
        await CreateAsync("""{"Name":"dnsq-none","Service":{"Service":"no-such-service"}}""");
        foreach (var name in new[] { "dnsq-missing.query.consul", "dnsq-none.query.consul", "dnsq-web.query.dc9.consul" })
        {
            var r = await fx.Client().QueryAsync(name, QueryType.A, cancellationToken: Ct);
            Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, r.Header.ResponseCode);
            Assert.Single(r.Authorities.SoaRecords());
        }
    }
}
