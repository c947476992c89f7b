using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;

namespace ConsulSharp.Gossip.Tests.Membership;

/// <summary>Whole-protocol behaviour of several in-memory nodes under fake time.</summary>
public sealed class ClusterBehaviourTests
{
    private static readonly TimeSpan Ct = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Five_nodes_converge_after_joining_one_seed()
    {
        // LAN profile: RetransmitMult 4. (With the Local profile's 2 transmissions a burst of joins may need a
        // push/pull round to fully converge, exactly as the real serf agent behaves.)
        await using var cluster = new FakeCluster();
        var seed = cluster.Add("n0", MemberlistOptions.Lan);
        for (var i = 1; i < 5; i++)
        {
            var pool = cluster.Add("n" + i, MemberlistOptions.Lan);
            await cluster.DriveAsync(pool.JoinAsync([FakeCluster.Address(seed)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        }

        var took = await cluster.RunUntilAsync(cluster.AllSeeAllAlive, TimeSpan.FromSeconds(5), "all alive everywhere");
        Assert.True(took < TimeSpan.FromSeconds(3), $"converged in {took}");
    }

    [Fact]
    public async Task Unreachable_node_is_suspected_then_failed_after_the_suspicion_timeout()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var b = cluster.Add("b");
        var c = cluster.Add("c");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join b");
        await cluster.DriveAsync(c.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join c");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        cluster.Network.SetReachable(c.LocalEndPoint, false);
        var took = await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "c", MemberStatus.Failed) && FakeCluster.Sees(b, "c", MemberStatus.Failed), Ct, "c failed on a and b");

        // Local profile, N = 3: suspicion min = 3 × 1 s, k = 1 confirmation expected (max = 18 s, shortened by the
        // second accuser). Detection cannot be faster than one probe timeout + the minimum suspicion time.
        Assert.True(took >= TimeSpan.FromSeconds(3.2), $"failed too early: {took}");
        Assert.True(took < TimeSpan.FromSeconds(12), $"failed too late: {took}");
    }

    [Fact]
    public async Task Suspected_node_that_is_alive_refutes_and_stays_alive()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");
        var before = b.MemberlistForTests.GetNode("b")!.Incarnation;

        // a wrongly accuses b: b must refute with a higher incarnation and never be marked failed.
        a.MemberlistForTests.SuspectNode(new ConsulSharp.Gossip.Wire.Suspect(before, "b", "a"));
        await cluster.RunUntilAsync(() => a.MemberlistForTests.GetNode("b") is { State: NodeStateKind.Alive } n && n.Incarnation > before, Ct, "refuted");
        await cluster.RunForAsync(TimeSpan.FromSeconds(20));
        Assert.True(FakeCluster.Sees(a, "b", MemberStatus.Alive));
        Assert.True(b.HealthScore >= 0);
    }

    [Fact]
    public async Task Graceful_leave_is_seen_as_left_not_failed()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        await cluster.DriveAsync(b.LeaveAsync(TestContext.Current.CancellationToken), Ct, "leave");
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "b", MemberStatus.Left), TimeSpan.FromSeconds(2), "a sees b left");
        var events = new List<SerfEvent>();
        while (a.Events.TryRead(out var e))
        {
            events.Add(e);
        }

        Assert.Contains(events, e => e is MemberEvent { Type: MemberEventType.Leave } m && m.Members[0].Name == "b");
        Assert.DoesNotContain(events, e => e is MemberEvent { Type: MemberEventType.Failed });
    }

    [Fact]
    public async Task Push_pull_anti_entropy_repairs_a_node_that_missed_gossip()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        // c joins through a while b cannot hear UDP gossip... we simulate by cutting b off briefly, then healing.
        cluster.Network.SetReachable(b.LocalEndPoint, false);
        var c = cluster.Add("c");
        await cluster.DriveAsync(c.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join c");
        await cluster.RunForAsync(TimeSpan.FromMilliseconds(900));
        cluster.Network.SetReachable(b.LocalEndPoint, true);
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, TimeSpan.FromSeconds(40), "b learns c");
    }

    [Fact]
    public async Task Tags_update_and_user_events_reach_everyone_once()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a", configure: o => o with { Tags = new Dictionary<string, string> { ["role"] = "node" } });
        var b = cluster.Add("b");
        var c = cluster.Add("c");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join b");
        await cluster.DriveAsync(c.JoinAsync([FakeCluster.Address(b)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join c");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        await cluster.DriveAsync(a.SetTagsAsync(new Dictionary<string, string> { ["role"] = "consul" }, TestContext.Current.CancellationToken), Ct, "set tags");
        await cluster.RunUntilAsync(() => cluster.Pools.All(p => p.Members().Single(m => m.Name == "a").Tags["role"] == "consul"), Ct, "tags spread");

        await c.UserEventAsync("deploy", "v2"u8.ToArray(), coalesce: true, TestContext.Current.CancellationToken);
        var seen = cluster.Pools.ToDictionary(p => p.LocalName, _ => 0);
        await cluster.RunUntilAsync(
            () =>
            {
                foreach (var p in cluster.Pools)
                {
                    while (p.Events.TryRead(out var e))
                    {
                        if (e is UserEvent { Name: "deploy" })
                        {
                            seen[p.LocalName]++;
                        }
                    }
                }

                return seen.Values.All(v => v >= 1);
            },
            Ct,
            "event delivered");
        await cluster.RunForAsync(TimeSpan.FromSeconds(2));
        foreach (var p in cluster.Pools)
        {
            while (p.Events.TryRead(out var e))
            {
                if (e is UserEvent { Name: "deploy" })
                {
                    seen[p.LocalName]++;
                }
            }
        }

        Assert.All(seen.Values, v => Assert.Equal(1, v));
    }

    [Fact]
    public async Task Query_collects_acks_and_responses_from_all_members()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var b = cluster.Add("b", configure: o => o with { Tags = new Dictionary<string, string> { ["role"] = "consul" } });
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        var responder = Task.Run(
            async () =>
            {
                await foreach (var e in b.Events.ReadAllAsync(TestContext.Current.CancellationToken))
                {
                    if (e is QueryEvent { Name: "who" } q)
                    {
                        await q.RespondAsync("b here"u8.ToArray(), TestContext.Current.CancellationToken);
                        return;
                    }
                }
            },
            TestContext.Current.CancellationToken);
        var query = a.QueryAsync("who", "?"u8.ToArray(), new SerfQueryOptions { RequestAck = true, FilterTags = new Dictionary<string, string> { ["role"] = "cons.*" } }, TestContext.Current.CancellationToken);
        var result = await cluster.DriveAsync(query, Ct, "query");
        await responder;
        Assert.Equal(["b"], result.Acks);
        Assert.Equal("b here"u8.ToArray(), result.Responses["b"]);
    }

    [Fact]
    public async Task Failed_member_is_reaped_after_reconnect_timeout()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a", configure: o => o with { ReconnectTimeout = TimeSpan.FromSeconds(30), ReapInterval = TimeSpan.FromSeconds(5) });
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");
        cluster.Network.SetReachable(b.LocalEndPoint, false);
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "b", MemberStatus.Failed), Ct, "failed");
        var took = await cluster.RunUntilAsync(() => a.Members().All(m => m.Name != "b"), TimeSpan.FromSeconds(60), "reaped");
        Assert.True(took >= TimeSpan.FromSeconds(29), $"reaped too early: {took}");
    }

    [Fact]
    public async Task Tcp_fallback_ping_keeps_a_node_with_broken_udp_alive()
    {
        await using var cluster = new FakeCluster();
        var logs = new CollectingLoggerFactory();
        var a = cluster.Add("a", loggerFactory: logs);
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        cluster.Network.SetPacketsDropped(b.LocalEndPoint, true);
        await cluster.RunForAsync(TimeSpan.FromSeconds(15));
        Assert.True(FakeCluster.Sees(a, "b", MemberStatus.Alive), cluster.Describe());
        Assert.Contains(logs.Entries, e => e.EventId == 2114);
    }

    [Fact]
    public async Task Without_tcp_pings_a_node_with_broken_udp_is_declared_failed()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a", MemberlistOptions.Local with { DisableTcpPings = true });
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        cluster.Network.SetPacketsDropped(b.LocalEndPoint, true);
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "b", MemberStatus.Failed), Ct, "b failed without TCP pings");
    }

    [Fact]
    public async Task Query_responses_are_relayed_around_a_broken_link()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a", configure: o => o with { ProtocolVersion = 5 });
        var b = cluster.Add("b", configure: o => o with { ProtocolVersion = 5 });
        var c = cluster.Add("c", configure: o => o with { ProtocolVersion = 5 });
        var d = cluster.Add("d", configure: o => o with { ProtocolVersion = 5 });
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join b");
        await cluster.DriveAsync(c.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join c");
        await cluster.DriveAsync(d.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join d");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        // Relays need at least RelayFactor + 2 members. c's direct UDP to a is lost; relays through the other members still reach a.
        cluster.Network.SetLinkDropped(c.LocalEndPoint, a.LocalEndPoint, true);
        var options = new SerfQueryOptions { RequestAck = true, RelayFactor = 2, FilterNodes = ["c"], Timeout = TimeSpan.FromSeconds(2) };
        var result = await cluster.DriveAsync(a.QueryAsync("q", ReadOnlyMemory<byte>.Empty, options, TestContext.Current.CancellationToken), Ct, "query");
        Assert.Equal(["c"], result.Acks);

        var noRelay = await cluster.DriveAsync(a.QueryAsync("q", ReadOnlyMemory<byte>.Empty, options with { RelayFactor = 0 }, TestContext.Current.CancellationToken), Ct, "query without relay");
        Assert.Empty(noRelay.Acks);
    }
}
