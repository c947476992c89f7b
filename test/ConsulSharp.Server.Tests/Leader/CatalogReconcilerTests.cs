using System.Net;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Cluster;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Server.Leader;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsulSharp.Server.Tests.Leader;

/// <summary>Consul's reconcileMember rules applied by a real single-node dev server (in-memory Raft).</summary>
public sealed class CatalogReconcilerTests : IAsyncLifetime
{
    private readonly StaticClusterMembership _members = new();
    private ConsulServer _server = null!;
    private CatalogReconciler _reconciler = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var options = new ServerOptions { NodeId = Guid.NewGuid().ToString(), NodeName = "leader", Datacenter = "dc1", DevMode = true, Bootstrap = true };
        _server = new ConsulServer(options, TimeProvider.System, NullLoggerFactory.Instance, null, _members, null);
        await _server.StartAsync(Ct);
        _reconciler = new CatalogReconciler(_server, _members, TimeProvider.System, NullLogger.Instance);
        await UntilAsync("leader registered itself", () => _server.State.Current.GetCheck("leader", "serfHealth").Value is not null);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static ClusterMember Member(string name, ClusterMemberStatus status, string role = "node", string dc = "dc1", string address = "10.0.0.2", Dictionary<string, string>? extra = null)
    {
        var tags = new Dictionary<string, string> { ["role"] = role, ["dc"] = dc, ["id"] = "11111111-2222-3333-4444-" + name.PadLeft(12, '0')[..12], ["build"] = "1.22.0:abc", ["segment"] = "" };
        foreach (var (k, v) in extra ?? [])
        {
            tags[k] = v;
        }

        return new ClusterMember(name, IPAddress.Parse(address), 8301, tags, status);
    }

    private HealthCheck? SerfHealth(string node) => _server.State.Current.GetCheck(node, "serfHealth").Value;

    private static async Task UntilAsync(string what, Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"timed out waiting for: {what}");
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public async Task AliveMemberIsRegisteredWithPassingSerfHealthOnceOnly()
    {
        await _reconciler.ReconcileMemberAsync(Member("client1", ClusterMemberStatus.Alive), reaped: false, Ct);

        var node = _server.State.Current.GetNode("client1").Value!;
        Assert.Equal("10.0.0.2", node.Address);
        Assert.Equal("dc1", node.Datacenter);
        Assert.StartsWith("11111111-2222-3333-4444-", node.Id, StringComparison.Ordinal);
        var check = SerfHealth("client1")!;
        Assert.Equal((HealthStatus.Passing, "Agent alive and reachable", "Serf Health Status"), (check.Status, check.Output, check.Name));

        var index = _server.State.Current.GetNode("client1").Index;
        await _reconciler.ReconcileMemberAsync(Member("client1", ClusterMemberStatus.Alive), reaped: false, Ct);
        Assert.Equal(index, _server.State.Current.GetNode("client1").Index);
    }

    [Fact]
    public async Task FailedMemberTurnsCriticalAndAnUnknownFailedMemberIsIgnored()
    {
        await _reconciler.ReconcileMemberAsync(Member("client2", ClusterMemberStatus.Alive), reaped: false, Ct);
        await _server.ApplyAsync(CommandCodec.Register(new CatalogRegistration
        {
            Node = new Node { Name = "client2", Address = "10.0.0.2" },
            SkipNodeUpdate = true,
            Service = new ServiceInstance { Node = "client2", Id = "web", Name = "web" },
        }), Ct);

        await _reconciler.ReconcileMemberAsync(Member("client2", ClusterMemberStatus.Failed), reaped: false, Ct);
        await _reconciler.ReconcileMemberAsync(Member("stranger", ClusterMemberStatus.Failed), reaped: false, Ct);

        var check = SerfHealth("client2")!;
        Assert.Equal((HealthStatus.Critical, "Agent not live or unreachable"), (check.Status, check.Output));
        Assert.NotNull(_server.State.Current.GetNodeService("client2", "web").Value);
        Assert.Null(_server.State.Current.GetNode("stranger").Value);
    }

    [Fact]
    public async Task LeftAndReapedMembersAreDeregisteredWithTheirServicesButNeverTheLeaderItself()
    {
        await _reconciler.ReconcileMemberAsync(Member("client3", ClusterMemberStatus.Alive), reaped: false, Ct);
        await _server.ApplyAsync(CommandCodec.Register(new CatalogRegistration
        {
            Node = new Node { Name = "client3", Address = "10.0.0.2" },
            SkipNodeUpdate = true,
            Service = new ServiceInstance { Node = "client3", Id = "web", Name = "web" },
        }), Ct);
        await _reconciler.ReconcileMemberAsync(Member("client4", ClusterMemberStatus.Alive), reaped: false, Ct);

        await _reconciler.ReconcileMemberAsync(Member("client3", ClusterMemberStatus.Left), reaped: false, Ct);
        await _reconciler.ReconcileMemberAsync(Member("client4", ClusterMemberStatus.Failed), reaped: true, Ct);
        await _reconciler.ReconcileMemberAsync(Member("leader", ClusterMemberStatus.Left, role: "consul"), reaped: false, Ct);

        Assert.Null(_server.State.Current.GetNode("client3").Value);
        Assert.Null(_server.State.Current.GetNodeService("client3", "web").Value);
        Assert.Null(SerfHealth("client3"));
        Assert.Null(_server.State.Current.GetNode("client4").Value);
        Assert.NotNull(_server.State.Current.GetNode("leader").Value);
    }

    [Fact]
    public async Task AFullPassDeregistersNodesThePoolNoLongerKnows()
    {
        await _reconciler.ReconcileMemberAsync(Member("ghost", ClusterMemberStatus.Alive), reaped: false, Ct);
        _members.SetLan(Member("leader", ClusterMemberStatus.Alive, role: "consul"));
        _members.SetLan(Member("kept", ClusterMemberStatus.Alive));

        await _reconciler.ReconcileAllAsync(Ct);

        Assert.Null(_server.State.Current.GetNode("ghost").Value);
        Assert.Equal(HealthStatus.Passing, SerfHealth("kept")!.Status);
        Assert.NotNull(_server.State.Current.GetNode("leader").Value);
    }

    [Fact]
    public async Task ServersGetTheConsulServiceFromTheirTagsAndForeignMembersAreSkipped()
    {
        var server2 = Member("server2", ClusterMemberStatus.Alive, role: "consul", extra: new() { ["port"] = "8300", ["raft_vsn"] = "3" });
        await _reconciler.ReconcileMemberAsync(server2, reaped: false, Ct);
        await _reconciler.ReconcileMemberAsync(Member("other-dc", ClusterMemberStatus.Alive, dc: "dc2"), reaped: false, Ct);
        await _reconciler.ReconcileMemberAsync(new ClusterMember("plain-serf", IPAddress.Loopback, 7946, new Dictionary<string, string>(), ClusterMemberStatus.Alive), reaped: false, Ct);

        var consul = _server.State.Current.GetNodeService("server2", "consul").Value!;
        Assert.Equal(8300, consul.Port);
        Assert.Equal("1.22.0", consul.Meta["version"]);
        Assert.Equal("3", consul.Meta["raft_version"]);
        Assert.Equal("false", consul.Meta["non_voter"]);
        Assert.Null(_server.State.Current.GetNode("other-dc").Value);
        Assert.Null(_server.State.Current.GetNode("plain-serf").Value);
    }

    [Fact]
    public async Task TheLeaderReconcilesMemberChangesAsTheyHappen()
    {
        _members.SetLan(Member("leader", ClusterMemberStatus.Alive, role: "consul"));
        _members.SetLan(Member("live", ClusterMemberStatus.Alive));
        await UntilAsync("alive registered", () => SerfHealth("live")?.Status == HealthStatus.Passing);

        _members.SetLan(Member("live", ClusterMemberStatus.Failed));
        await UntilAsync("failed marked critical", () => SerfHealth("live")?.Status == HealthStatus.Critical);

        _members.SetLan(Member("live", ClusterMemberStatus.Left));
        await UntilAsync("left deregistered", () => _server.State.Current.GetNode("live").Value is null);
    }
}
