using System.Net;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Testing;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsulSharp.Dns.Tests;

/// <summary>
/// One dev agent with DNS on a free port, its catalog seeded through Raft: <c>web</c> on n1 (passing, tags primary/v1),
/// n2 (warning, tag secondary), n3 (critical service check) and n4 (critical node check); <c>api</c> with its own
/// address; <c>v6svc</c> on an IPv6 node; <c>many</c> with 20 instances; <c>ext</c> with a hostname address.
/// </summary>
public sealed class DnsFixture : IAsyncLifetime
{
    public TestAgent Agent { get; private set; } = null!;

    public ConsulServer Server { get; private set; } = null!;

    public IPEndPoint Endpoint => Agent.DnsAddress;

    public async ValueTask InitializeAsync()
    {
        Agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { WithDns = true, NodeName = "agent-one" });
        Server = Agent.Host.Services.GetRequiredService<ConsulServer>();
        await RegisterAsync("n1", "10.0.0.1", Svc("web1", "web", 8080, "primary", "v1"), HealthStatus.Passing, meta: new Dictionary<string, string> { ["rack"] = "r1", ["rfc1035-raw"] = "hello" });
        await RegisterAsync("n2", "10.0.0.2", Svc("web2", "web", 8081, "secondary") with { Weights = new ServiceWeights(10, 3) }, HealthStatus.Warning);
        await RegisterAsync("n3", "10.0.0.3", Svc("web3", "web", 8082), HealthStatus.Critical);
        await RegisterAsync("n4", "10.0.0.4", Svc("web4", "web", 8083), HealthStatus.Passing, nodeCheck: HealthStatus.Critical);
        await RegisterAsync("n5", "10.0.0.5", Svc("api1", "api", 9000) with { Address = "192.168.1.5" }, HealthStatus.Passing);
        await RegisterAsync("n6", "2001:db8::6", Svc("v6svc1", "v6svc", 7000), HealthStatus.Passing);
        await RegisterAsync("n7", "10.0.0.7", Svc("ext1", "ext", 80) with { Address = "example.org" }, HealthStatus.Passing);
        for (var i = 0; i < 20; i++)
        {
            await RegisterAsync($"m{i}", $"10.1.0.{i + 1}", Svc($"many{i}", "many", 5000 + i), HealthStatus.Passing);
        }
    }

    private static ServiceInstance Svc(string id, string name, int port, params string[] tags) =>
        new() { Node = "", Id = id, Name = name, Port = port, Tags = tags };

    public async Task RegisterAsync(string node, string address, ServiceInstance service, string status, string? nodeCheck = null, Dictionary<string, string>? meta = null)
    {
        var checks = new List<HealthCheck>
        {
            new() { Node = node, CheckId = "service:" + service.Id, Name = "svc", Status = status, ServiceId = service.Id, ServiceName = service.Name },
        };
        if (nodeCheck is not null)
        {
            checks.Add(new HealthCheck { Node = node, CheckId = "serfHealth", Name = "Serf Health Status", Status = nodeCheck });
        }

        await Server.ApplyAsync(
            CommandCodec.Register(new CatalogRegistration
            {
                Node = new Node { Name = node, Address = address, Datacenter = "dc1", Meta = meta ?? new Dictionary<string, string>() },
                Service = service with { Node = node },
                Checks = checks,
            }),
            CancellationToken.None);
    }

    /// <summary>A DnsClient resolver for the agent (or <paramref name="endpoint"/>), no cache, no retries.</summary>
    public LookupClient Client(IPEndPoint? endpoint = null, bool tcpOnly = false, int ednsSize = 4096) =>
        new(new LookupClientOptions(endpoint ?? Endpoint)
        {
            UseCache = false,
            Retries = 0,
            Timeout = TimeSpan.FromSeconds(3),
            UseTcpOnly = tcpOnly,
            UseTcpFallback = true,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            ExtendedDnsBufferSize = ednsSize,
        });

    /// <summary>A second DNS server over the same catalog with other <c>dns_config</c> settings.</summary>
    public async Task<DnsServer> StartServerAsync(Func<DnsOptions, DnsOptions> configure)
    {
        var options = configure(new DnsOptions { Datacenter = "dc1", Domain = "consul." });
        var server = new DnsServer(options, () => Server.State.Current, TimeProvider.System, NullLoggerFactory.Instance);
        await server.StartAsync([IPAddress.Loopback], 0, CancellationToken.None);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Agent.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // Known issue outside DNS: in -dev mode RaftNode and ConsulServer both dispose the in-memory transport.
        }
    }
}
