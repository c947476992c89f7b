using System.Globalization;
using System.Net;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Cluster;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Federation;

/// <summary>
/// Two datacenters in process: dc1 (one server, one client) and dc2 (two servers), federated by giving every server
/// the other datacenter's servers as WAN members (what <c>consul join -wan</c> leaves in the WAN pool). Requests with
/// <c>?dc=dc2</c> and DNS names in <c>dc2</c> asked in dc1 are answered by dc2. Shared by the tests of <see cref="FederationTests"/>.
/// </summary>
public sealed class FederationFixture : IAsyncLifetime
{
    private TestCluster _dc1 = null!;
    private TestCluster _dc2 = null!;

    public TestCluster Dc1 => _dc1;

    public TestCluster Dc2 => _dc2;

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
}
