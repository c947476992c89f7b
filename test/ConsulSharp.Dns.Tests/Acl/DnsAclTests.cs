using System.Net;
using ConsulSharp.Acl;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Rpc;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsulSharp.Dns.Tests.Acl;

/// <summary>
/// DNS under ACLs (Consul 1.22): lookups run with the agent's current DNS token (<c>acl.tokens.dns</c>, else the
/// default token, else anonymous); service answers need <c>service:read</c> and <c>node:read</c> on each instance's
/// node, node answers <c>node:read</c>; what the token cannot see is NXDOMAIN with the SOA. The tests in this class
/// share one agent and each sets the DNS token it needs first (xUnit runs a class's tests one at a time).
/// </summary>
public sealed class DnsAclTests(DnsAclFixture fx) : IClassFixture<DnsAclFixture>
{
    private const string ReadAll = """service_prefix "" { policy = "read" } node_prefix "" { policy = "read" }""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Addresses(IDnsQueryResponse r) =>
        [.. r.Answers.ARecords().Select(a => a.Address.ToString()).Order(StringComparer.Ordinal)];

    private static void AssertHidden(IDnsQueryResponse r)
    {
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, r.Header.ResponseCode);
        Assert.Empty(r.Answers);
        Assert.Single(r.Authorities.SoaRecords());
    }

    private Task<IDnsQueryResponse> AskAsync(string name, QueryType type) => DnsAclFixture.Client(fx.Agent.DnsAddress).QueryAsync(name, type, cancellationToken: Ct);

    [Fact]
    public async Task Without_a_dns_token_default_deny_hides_services_and_nodes()
    {
        await fx.SetDnsTokenAsync("");
        AssertHidden(await AskAsync("web.service.consul", QueryType.A));
        AssertHidden(await AskAsync("web.service.consul", QueryType.SRV));
        AssertHidden(await AskAsync("_web._tcp.service.consul", QueryType.SRV));
        AssertHidden(await AskAsync("acl-n1.node.consul", QueryType.A));
    }

    [Fact]
    public async Task A_dns_token_set_through_the_api_takes_effect_at_once()
    {
        await fx.SetDnsTokenAsync("");
        AssertHidden(await AskAsync("web.service.consul", QueryType.A));

        await fx.SetDnsTokenAsync(await fx.TokenAsync(ReadAll));
        Assert.Equal(["10.9.0.1"], Addresses(await AskAsync("web.service.consul", QueryType.A)));
        var srv = await AskAsync("_web._tcp.service.consul", QueryType.SRV);
        Assert.Equal("acl-n1.node.dc1.consul.", Assert.Single(srv.Answers.SrvRecords()).Target.Value);
        Assert.Equal(["10.9.0.1"], Addresses(await AskAsync("acl-n1.node.consul", QueryType.A)));

        await fx.SetDnsTokenAsync("");
        AssertHidden(await AskAsync("web.service.consul", QueryType.A)); // the shared service cache does not leak
    }

    [Fact]
    public async Task Service_read_without_node_read_drops_the_instances()
    {
        await fx.SetDnsTokenAsync(await fx.TokenAsync(ReadAll));
        Assert.Equal(["10.9.0.1"], Addresses(await AskAsync("web.service.consul", QueryType.A))); // fills the cache

        await fx.SetDnsTokenAsync(await fx.TokenAsync("""service_prefix "" { policy = "read" }"""));
        AssertHidden(await AskAsync("web.service.consul", QueryType.A));
        AssertHidden(await AskAsync("web.service.consul", QueryType.SRV));
        AssertHidden(await AskAsync("acl-n1.node.consul", QueryType.A));
    }

    [Fact]
    public async Task Rules_select_services_and_nodes_by_name()
    {
        await fx.SetDnsTokenAsync(await fx.TokenAsync("""service "web" { policy = "read" } node "acl-n1" { policy = "read" } node "acl-n2" { policy = "read" }"""));
        Assert.Equal(["10.9.0.1"], Addresses(await AskAsync("web.service.consul", QueryType.A)));
        AssertHidden(await AskAsync("db.service.consul", QueryType.A));
        Assert.Equal(["10.9.0.2"], Addresses(await AskAsync("acl-n2.node.consul", QueryType.A)));

        await fx.SetDnsTokenAsync(await fx.TokenAsync("""node "acl-n2" { policy = "read" }"""));
        AssertHidden(await AskAsync("acl-n1.node.consul", QueryType.A));
        Assert.Equal(["10.9.0.2"], Addresses(await AskAsync("acl-n2.node.consul", QueryType.A)));
    }

    [Fact]
    public async Task Prepared_queries_use_their_stored_token_else_the_dns_token()
    {
        await fx.SetDnsTokenAsync("");
        var reader = await fx.TokenAsync(ReadAll);
        await fx.QueryAsync("""{"Name":"acl-q-plain","Service":{"Service":"web"}}""");
        await fx.QueryAsync("{\"Name\":\"acl-q-token\",\"Service\":{\"Service\":\"web\"},\"Token\":\"" + reader + "\"}");

        AssertHidden(await AskAsync("acl-q-plain.query.consul", QueryType.A));
        Assert.Equal(["10.9.0.1"], Addresses(await AskAsync("acl-q-token.query.consul", QueryType.A)));

        await fx.SetDnsTokenAsync(reader);
        Assert.Equal(["10.9.0.1"], Addresses(await AskAsync("acl-q-plain.query.consul", QueryType.A)));
    }

    [Fact]
    public async Task Name_servers_are_listed_only_for_a_token_that_may_read_them()
    {
        await fx.SetDnsTokenAsync(await fx.TokenAsync(ReadAll));
        var soa = await AskAsync("consul", QueryType.SOA);
        Assert.Single(soa.Answers.SoaRecords());
        Assert.NotEmpty(soa.Authorities.NsRecords());

        await fx.SetDnsTokenAsync("");
        soa = await AskAsync("consul", QueryType.SOA);
        Assert.Single(soa.Answers.SoaRecords());
        Assert.Empty(soa.Authorities.NsRecords());
    }

    [Fact]
    public async Task Reverse_lookups_name_only_readable_nodes()
    {
        await fx.SetDnsTokenAsync(await fx.TokenAsync(ReadAll));
        var ptr = await AskAsync("1.0.9.10.in-addr.arpa", QueryType.PTR);
        Assert.Equal("acl-n1.node.dc1.consul.", Assert.Single(ptr.Answers.PtrRecords()).PtrDomainName.Value);

        await fx.SetDnsTokenAsync(await fx.TokenAsync("""node "acl-n2" { policy = "read" }"""));
        Assert.Empty((await AskAsync("1.0.9.10.in-addr.arpa", QueryType.PTR)).Answers);
    }

    [Fact]
    public async Task An_unknown_dns_token_answers_servfail()
    {
        await fx.SetDnsTokenAsync("00000000-dead-beef-0000-000000000000");
        Assert.Equal(DnsHeaderResponseCode.ServerFailure, (await AskAsync("web.service.consul", QueryType.A)).Header.ResponseCode);
        await fx.SetDnsTokenAsync("");
    }

    [Fact]
    public async Task Client_side_reads_carry_the_dns_token_and_are_cached_per_token()
    {
        // A DNS server with no state store (as on a client agent) reading through the agent's API dispatcher.
        var api = fx.Agent.Host.Services.GetRequiredService<IForwardedRequestHandler>();
        var acl = new TestAuthorizer(fx.Agent.Host.Services.GetRequiredService<IAclResolver>());
        var options = new DnsOptions { Datacenter = "dc1", Domain = "consul.", RemoteCacheTtl = TimeSpan.FromHours(1) };
        await using var server = new DnsServer(options, () => null, TimeProvider.System, NullLoggerFactory.Instance, api, acl);
        await server.StartAsync([IPAddress.Loopback], 0, CancellationToken.None);
        var client = DnsAclFixture.Client(server.Endpoints[0]);

        acl.Token = await fx.TokenAsync(ReadAll);
        Assert.Equal(["10.9.0.1"], Addresses(await client.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct)));
        Assert.Equal(["10.9.0.2"], Addresses(await client.QueryAsync("acl-n2.node.consul", QueryType.A, cancellationToken: Ct)));

        acl.Token = "";
        AssertHidden(await client.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct));
        AssertHidden(await client.QueryAsync("acl-n2.node.consul", QueryType.A, cancellationToken: Ct));
    }

    [Fact]
    public async Task Default_policy_allow_needs_no_token()
    {
        var agent = await DnsAclFixture.StartAsync("allow");
        try
        {
            await DnsAclFixture.RegisterAsync(agent.Host.Services.GetRequiredService<Server.ConsulServer>(), "allow-n1", "10.9.1.1", "web", 80);
            var client = DnsAclFixture.Client(agent.DnsAddress);
            Assert.Equal(["10.9.1.1"], Addresses(await client.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct)));
            Assert.Equal(["10.9.1.1"], Addresses(await client.QueryAsync("allow-n1.node.consul", QueryType.A, cancellationToken: Ct)));
        }
        finally
        {
            try
            {
                await agent.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
                // Known issue outside DNS (see DnsFixture).
            }
        }
    }

    /// <summary>The agent's resolver with a token the test sets (as Hosting's adapter over the token store).</summary>
    private sealed class TestAuthorizer(IAclResolver resolver) : IDnsAuthorizer
    {
        public bool Enabled => true;

        public string Token { get; set; } = "";

        public async ValueTask<IAuthorizer> ResolveAsync(string token, CancellationToken cancellationToken) =>
            (await resolver.ResolveAsync(token, cancellationToken)).Authorizer;
    }
}
