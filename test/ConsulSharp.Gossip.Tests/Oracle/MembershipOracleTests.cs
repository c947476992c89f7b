using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;
using static ConsulSharp.Gossip.Tests.Oracle.OracleHelpers;

namespace ConsulSharp.Gossip.Tests.Oracle;

/// <summary>Membership against a real serf 0.9.4 agent: joins both ways, tags, graceful leave.</summary>
public sealed class MembershipOracleTests
{
    [Fact]
    public async Task We_join_serf_and_both_list_each_other_alive_with_tags()
    {
        SkipWithoutSerf();
        await using var agent = await SerfAgent.StartAsync("go-a", SerfArgs("-tag", "role=web", "-tag", "dc=dc1"));
        await using var pool = await StartPoolAsync("cs-a", new() { ["role"] = "consul", ["dc"] = "dc1", ["port"] = "8300" });

        Assert.Equal(1, await pool.JoinAsync([agent.Address], cancellationToken: TestContext.Current.CancellationToken));

        await Eventually.WaitAsync(() => SerfSeesAsync(agent, "cs-a", "alive"), Patience, "serf lists cs-a alive", () => Describe(pool, agent));
        await Eventually.WaitAsync(() => WeSee(pool, "go-a", MemberStatus.Alive), Patience, "we list go-a alive", () => Describe(pool, agent));

        var fromSerf = (await agent.MembersAsync()).Single(m => m.Name == "cs-a");
        Assert.Equal("consul", fromSerf.Tags["role"]);
        Assert.Equal("8300", fromSerf.Tags["port"]);
        var ours = pool.Members().Single(m => m.Name == "go-a");
        Assert.Equal("web", ours.Tags["role"]);
        Assert.Equal(5, ours.DelegateCur);
        Assert.Equal(2, ours.ProtocolCur);
    }

    [Fact]
    public async Task Serf_joins_us_and_tag_changes_cross()
    {
        SkipWithoutSerf();
        await using var pool = await StartPoolAsync("cs-b", new() { ["v"] = "1" });
        await using var agent = await SerfAgent.StartAsync("go-b", SerfArgs());
        await agent.JoinAsync($"127.0.0.1:{pool.LocalEndPoint.Port}");

        await Eventually.WaitAsync(() => WeSee(pool, "go-b", MemberStatus.Alive), Patience, "we list go-b alive", () => Describe(pool, agent));
        await Eventually.WaitAsync(() => SerfSeesAsync(agent, "cs-b", "alive"), Patience, "serf lists cs-b alive", () => Describe(pool, agent));

        await pool.SetTagsAsync(new Dictionary<string, string> { ["v"] = "2" }, TestContext.Current.CancellationToken);
        await Eventually.WaitAsync(async () => (await agent.MembersAsync()).Single(m => m.Name == "cs-b").Tags.GetValueOrDefault("v") == "2", Patience, "serf sees v=2", () => Describe(pool, agent));

        await agent.CliAsync("tags", "-set", "zone=z9");
        await Eventually.WaitAsync(() => pool.Members().Single(m => m.Name == "go-b").Tags.GetValueOrDefault("zone") == "z9", Patience, "we see zone=z9", () => Describe(pool, agent));
    }

    [Fact]
    public async Task Graceful_leave_is_seen_as_left_both_ways()
    {
        SkipWithoutSerf();
        await using var agent = await SerfAgent.StartAsync("go-c", SerfArgs());
        await using var agent2 = await SerfAgent.StartAsync("go-c2", SerfArgs());
        await using var pool = await StartPoolAsync("cs-c");
        await pool.JoinAsync([agent.Address, agent2.Address], cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.WaitAsync(async () => await SerfSeesAsync(agent, "cs-c", "alive") && await SerfSeesAsync(agent, "go-c2", "alive"), Patience, "serf converged", () => Describe(pool, agent));
        await Eventually.WaitAsync(() => WeSee(pool, "go-c2", MemberStatus.Alive) && WeSee(pool, "go-c", MemberStatus.Alive), Patience, "we converged", () => Describe(pool, agent));

        await agent2.LeaveAsync();
        await Eventually.WaitAsync(() => WeSee(pool, "go-c2", MemberStatus.Left), Patience, "we list go-c2 left", () => Describe(pool, agent));

        await pool.LeaveAsync(TestContext.Current.CancellationToken);
        await Eventually.WaitAsync(() => SerfSeesAsync(agent, "cs-c", "left"), Patience, "serf lists cs-c left", () => Describe(pool, agent));
    }

    [Fact]
    public async Task Mixed_cluster_of_two_serf_agents_and_two_of_our_nodes_converges_and_detects_a_failure()
    {
        SkipWithoutSerf();
        // LAN profile on both sides (RetransmitMult 4): the Local profile may need a push/pull round to converge.
        await using var go1 = await SerfAgent.StartAsync("go-m1", ["-protocol", "4"]);
        await using var go2 = await SerfAgent.StartAsync("go-m2");
        await using var cs1 = await StartPoolAsync("cs-m1", profile: ConsulSharp.Gossip.Membership.MemberlistOptions.Lan);
        await using var cs2 = await StartPoolAsync("cs-m2", profile: ConsulSharp.Gossip.Membership.MemberlistOptions.Lan);

        // chain: go2 -> cs1 -> go1, cs2 -> go2; everyone must learn everyone through gossip.
        await go2.JoinAsync($"127.0.0.1:{cs1.LocalEndPoint.Port}");
        await cs1.JoinAsync([go1.Address], cancellationToken: TestContext.Current.CancellationToken);
        await cs2.JoinAsync([go2.Address], cancellationToken: TestContext.Current.CancellationToken);
        string[] all = ["go-m1", "go-m2", "cs-m1", "cs-m2"];
        var converged = await Eventually.WaitAsync(
            async () => all.All(n => WeSee(cs1, n, MemberStatus.Alive) && WeSee(cs2, n, MemberStatus.Alive))
                && (await go1.MembersAsync()).Count(m => m.Status == "alive") == 4
                && (await go2.MembersAsync()).Count(m => m.Status == "alive") == 4,
            Patience,
            "4-node mixed cluster converged",
            () => Describe(cs1, go1));
        Assert.Equal(4, cs2.Members().Single(m => m.Name == "go-m1").DelegateCur);

        Assert.True(converged < TimeSpan.FromSeconds(5), $"converged in {converged}");
        go2.Kill();
        await Eventually.WaitAsync(
            async () => WeSee(cs1, "go-m2", MemberStatus.Failed) && WeSee(cs2, "go-m2", MemberStatus.Failed) && await SerfSeesAsync(go1, "go-m2", "failed"),
            Patience,
            "go-m2 failed everywhere",
            () => Describe(cs1, go1));
    }
}
