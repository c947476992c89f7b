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
}
