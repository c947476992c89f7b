using System.Diagnostics;
using System.Net;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Testing;
using DnsClient;
using DnsClient.Protocol;
using static ConsulSharp.Integration.Tests.Cluster.ClusterHttp;

namespace ConsulSharp.Integration.Tests.Dns;

/// <summary>
/// DNS on a client agent (no state store of its own): one server and one client in process, both with DNS on a free
/// port; the catalog is written on the server and asked through the client's DNS port.
/// </summary>
public sealed class ClientDnsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LookupClient Dns(IPEndPoint endpoint, bool tcp = false) =>
        new(new LookupClientOptions(endpoint)
        {
            UseCache = false,
            Retries = 0,
            Timeout = TimeSpan.FromSeconds(8),
            UseTcpOnly = tcp,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });

    private static async Task RegisterAsync(TestAgent server, string node, string address, string service, int port, string status, Dictionary<string, string>? meta = null) =>
        await TestCluster.ServerOf(server).ApplyAsync(
            CommandCodec.Register(new CatalogRegistration
            {
                Node = new Node { Name = node, Address = address, Datacenter = "dc1", Meta = meta ?? [] },
                Service = new ServiceInstance { Node = node, Id = service + "-" + node, Name = service, Port = port },
                Checks = [new HealthCheck { Node = node, CheckId = "service:" + service + "-" + node, Name = "svc", Status = status, ServiceId = service + "-" + node, ServiceName = service }],
            }),
            Ct);

    private static string[] Addresses(IDnsQueryResponse r) =>
        [.. r.Answers.ARecords().Select(a => a.Address.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Client_agent_answers_services_nodes_and_health_changes_from_the_servers()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { Servers = 1, Clients = 1, NamePrefix = "cdns-", Configure = c => c with { DnsPort = 0 } }, Ct);
        var server = cluster.Servers[0];
        var client = cluster.Clients[0];
        await RegisterAsync(server, "web-a", "10.20.0.1", "web", 8080, HealthStatus.Passing, new Dictionary<string, string> { ["rack"] = "r1" });
        await RegisterAsync(server, "web-b", "10.20.0.2", "web", 8080, HealthStatus.Critical);
        var dns = Dns(client.DnsAddress);

        var a = await dns.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.NoError, a.Header.ResponseCode);
        Assert.Equal(["10.20.0.1"], Addresses(a)); // the critical instance is left out

        var srv = await Dns(client.DnsAddress, tcp: true).QueryAsync("web.service.consul", QueryType.SRV, cancellationToken: Ct);
        var record = Assert.Single(srv.Answers.SrvRecords());
        Assert.Equal(8080, record.Port);
        Assert.Equal("web-a.node.dc1.consul.", record.Target.Value);
        Assert.Equal("10.20.0.1", Assert.Single(srv.Additionals.ARecords()).Address.ToString());

        var node = await dns.QueryAsync("web-a.node.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(["10.20.0.1"], Addresses(node));
        var txt = await dns.QueryAsync("web-a.node.dc1.consul", QueryType.TXT, cancellationToken: Ct);
        Assert.Equal("rack=r1", Assert.Single(txt.Answers.TxtRecords()).Text.Single());
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await dns.QueryAsync("nothing.service.consul", QueryType.A, cancellationToken: Ct)).Header.ResponseCode);

        // The server itself is a name server of the zone, as seen from the client.
        var soa = await dns.QueryAsync("consul", QueryType.SOA, cancellationToken: Ct);
        Assert.Single(soa.Answers.SoaRecords());
        Assert.Contains(soa.Authorities.NsRecords(), ns => ns.NSDName.Value == "cdns-server-1.node.dc1.consul.");

        // Health changes reach the client's answers within about a second (its cache keeps a name for 1 s).
        await RegisterAsync(server, "web-b", "10.20.0.2", "web", 8080, HealthStatus.Passing);
        var changed = Stopwatch.StartNew();
        await EventuallyAsync(async () => Addresses(await dns.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct)).Length == 2, TimeSpan.FromSeconds(10));
        Assert.True(changed.Elapsed < TimeSpan.FromSeconds(5), $"took {changed.Elapsed}");
        await RegisterAsync(server, "web-a", "10.20.0.1", "web", 8080, HealthStatus.Critical);
        await EventuallyAsync(async () => Addresses(await dns.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct)) is ["10.20.0.2"], TimeSpan.FromSeconds(10));

        // dig, a second decoder, against the client agent (skipped when dig is not installed).
        var dig = new[] { "/usr/bin/dig", "/bin/dig", "/usr/local/bin/dig" }.FirstOrDefault(File.Exists);
        if (dig is not null)
        {
            var psi = new ProcessStartInfo(dig, ["@127.0.0.1", "-p", client.DnsAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+short", "+tries=1", "+time=8", "web.service.consul", "A"])
            {
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);
            Assert.Equal("10.20.0.2", output.Trim());
        }
    }
}
