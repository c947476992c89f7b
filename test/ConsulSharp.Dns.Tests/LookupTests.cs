using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ConsulSharp.Dns.Tests;

public sealed class LookupTests(DnsFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Addresses(IDnsQueryResponse r) =>
        [.. r.Answers.ARecords().Select(a => a.Address.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Service_A_leaves_out_critical_instances_and_keeps_warning()
    {
        var r = await fx.Client().QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.NoError, r.Header.ResponseCode);
        Assert.True(r.Header.HasAuthorityAnswer);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], Addresses(r)); // n3: critical service check, n4: critical node check
        Assert.All(r.Answers, a => Assert.Equal("web.service.consul.", a.DomainName.Value));
    }

    [Fact]
    public async Task Service_A_over_tcp_and_with_datacenter_and_case_insensitive()
    {
        var r = await fx.Client(tcpOnly: true).QueryAsync("WEB.Service.dc1.Consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], Addresses(r));
    }

    [Fact]
    public async Task Tag_filter_selects_instances_with_the_tag()
    {
        var r = await fx.Client().QueryAsync("primary.web.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(["10.0.0.1"], Addresses(r));
    }

    [Fact]
    public async Task Srv_targets_the_node_name_with_its_address_as_additional()
    {
        var r = await fx.Client().QueryAsync("web.service.consul", QueryType.SRV, cancellationToken: Ct);
        var srv = r.Answers.SrvRecords().OrderBy(s => s.Port).ToArray();
        Assert.Equal(2, srv.Length);
        Assert.Equal("n1.node.dc1.consul.", srv[0].Target.Value);
        Assert.Equal(8080, srv[0].Port);
        Assert.Equal(1, srv[0].Priority);
        Assert.Equal(1, srv[0].Weight);
        Assert.Equal(3, srv[1].Weight); // warning instance uses weights.warning
        var extra = r.Additionals.ARecords().Single(a => a.DomainName.Value == "n1.node.dc1.consul.");
        Assert.Equal(IPAddress.Parse("10.0.0.1"), extra.Address);
        Assert.Contains(r.Additionals.TxtRecords(), t => t.DomainName.Value == "n1.node.dc1.consul." && t.Text.Contains("rack=r1"));
    }

    [Fact]
    public async Task Srv_with_a_service_address_targets_the_hex_addr_name()
    {
        var r = await fx.Client().QueryAsync("api.service.consul", QueryType.SRV, cancellationToken: Ct);
        var srv = Assert.Single(r.Answers.SrvRecords());
        Assert.Equal("c0a80105.addr.dc1.consul.", srv.Target.Value);
        Assert.Equal(9000, srv.Port);
        Assert.Equal(IPAddress.Parse("192.168.1.5"), r.Additionals.ARecords().Single().Address);
        var a = await fx.Client().QueryAsync("api.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(["192.168.1.5"], Addresses(a));
    }

    [Theory]
    [InlineData("_web._primary.service.consul", new[] { 8080 })]
    [InlineData("_web._tcp.service.consul", new[] { 8080, 8081 })]
    [InlineData("_web._udp.service.consul", new[] { 8080, 8081 })]
    [InlineData("_web._tcp.consul", new[] { 8080, 8081 })]
    [InlineData("_web._secondary.service.dc1.consul", new[] { 8081 })]
    public async Task Rfc2782_names(string name, int[] ports)
    {
        var r = await fx.Client().QueryAsync(name, QueryType.SRV, cancellationToken: Ct);
        Assert.Equal(ports, r.Answers.SrvRecords().Select(s => (int)s.Port).Order().ToArray());
    }

    [Fact]
    public async Task Node_A_and_meta_txt()
    {
        var a = await fx.Client().QueryAsync("n1.node.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(["10.0.0.1"], Addresses(a));
        var txt = await fx.Client().QueryAsync("n1.node.dc1.consul", QueryType.TXT, cancellationToken: Ct);
        var texts = txt.Answers.TxtRecords().SelectMany(t => t.Text).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["hello", "rack=r1"], texts);
    }

    [Fact]
    public async Task Node_and_service_AAAA_on_an_ipv6_node()
    {
        var node = await fx.Client().QueryAsync("n6.node.consul", QueryType.AAAA, cancellationToken: Ct);
        Assert.Equal(IPAddress.Parse("2001:db8::6"), node.Answers.AaaaRecords().Single().Address);
        var svc = await fx.Client().QueryAsync("v6svc.service.consul", QueryType.AAAA, cancellationToken: Ct);
        Assert.Single(svc.Answers.AaaaRecords());

        // An A question on an IPv6-only service: the name exists, no record of the type (NODATA + SOA).
        var none = await fx.Client().QueryAsync("v6svc.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.NoError, none.Header.ResponseCode);
        Assert.Empty(none.Answers);
        Assert.Single(none.Authorities.SoaRecords());
    }

    [Fact]
    public async Task Hostname_service_address_gives_a_cname()
    {
        var r = await fx.Client().QueryAsync("ext.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal("example.org.", r.Answers.CnameRecords().Single().CanonicalName.Value);
    }

    [Theory]
    [InlineData("0a000001.addr.dc1.consul", QueryType.A, "10.0.0.1")]
    [InlineData("20010db8000000000000000000000006.addr.dc1.consul", QueryType.AAAA, "2001:db8::6")]
    public async Task Addr_names_decode_hex(string name, QueryType type, string expected)
    {
        var r = await fx.Client().QueryAsync(name, type, cancellationToken: Ct);
        var rec = Assert.Single(r.Answers);
        Assert.Equal(IPAddress.Parse(expected), ((AddressRecord)rec).Address);
    }

    [Fact]
    public async Task Reverse_lookup_finds_nodes_then_service_addresses()
    {
        var node = await fx.Client().QueryAsync("1.0.0.10.in-addr.arpa", QueryType.PTR, cancellationToken: Ct);
        Assert.Equal("n1.node.dc1.consul.", node.Answers.PtrRecords().Single().PtrDomainName.Value);
        var svc = await fx.Client().QueryAsync("5.1.168.192.in-addr.arpa", QueryType.PTR, cancellationToken: Ct);
        Assert.Equal("api.service.dc1.consul.", svc.Answers.PtrRecords().Single().PtrDomainName.Value);
        var v6 = await fx.Client().QueryReverseAsync(IPAddress.Parse("2001:db8::6"), Ct);
        Assert.Equal("n6.node.dc1.consul.", v6.Answers.PtrRecords().Single().PtrDomainName.Value);

        // Unknown address, no recursors: SERVFAIL (Consul's behaviour).
        var unknown = await fx.Client().QueryAsync("9.9.9.9.in-addr.arpa", QueryType.PTR, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.ServerFailure, unknown.Header.ResponseCode);
    }

    [Fact]
    public async Task Soa_and_ns_for_the_domain()
    {
        var soa = await fx.Client().QueryAsync("consul", QueryType.SOA, cancellationToken: Ct);
        var rec = soa.Answers.SoaRecords().Single();
        Assert.Equal("ns.consul.", rec.MName.Value);
        Assert.Equal("hostmaster.consul.", rec.RName.Value);
        Assert.Equal(3600u, rec.Refresh);
        Assert.Equal(600u, rec.Retry);
        Assert.Equal(86400u, rec.Expire);
        Assert.True(rec.Serial > 1_700_000_000);
        Assert.Equal("agent-one.node.dc1.consul.", soa.Authorities.NsRecords().Single().NSDName.Value);

        var ns = await fx.Client().QueryAsync("consul", QueryType.NS, cancellationToken: Ct);
        Assert.Equal("agent-one.node.dc1.consul.", ns.Answers.NsRecords().Single().NSDName.Value);
        Assert.Equal(IPAddress.Loopback, ns.Additionals.ARecords().Single().Address);
    }

    [Theory]
    [InlineData("nosuch.service.consul")]
    [InlineData("nosuch.node.consul")]
    [InlineData("web.service.dc2.consul")]
    [InlineData("foo.consul")]
    [InlineData("web.service.x.y.consul")]
    [InlineData("zz.addr.dc1.consul")]
    public async Task Unknown_names_are_nxdomain_with_soa(string name)
    {
        var r = await fx.Client().QueryAsync(name, QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, r.Header.ResponseCode);
        Assert.Equal("consul.", r.Authorities.SoaRecords().Single().DomainName.Value);
    }

    [Fact]
    public async Task Out_of_zone_without_recursors_is_refused()
    {
        var r = await fx.Client().QueryAsync("example.com", QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.Refused, r.Header.ResponseCode);
        Assert.False(r.Header.RecursionAvailable);
    }

    [Fact]
    public async Task Answers_are_shuffled()
    {
        var firsts = new HashSet<string>();
        for (var i = 0; i < 30 && firsts.Count < 2; i++)
        {
            var r = await fx.Client().QueryAsync("many.service.consul", QueryType.A, cancellationToken: Ct);
            firsts.Add(r.Answers.ARecords().First().Address.ToString());
        }

        Assert.True(firsts.Count >= 2);
    }
}
