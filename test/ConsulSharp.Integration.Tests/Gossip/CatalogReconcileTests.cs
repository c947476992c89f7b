using ConsulSharp.Integration.Tests.AgentServices;
using static ConsulSharp.Integration.Tests.Gossip.GossipCluster;

namespace ConsulSharp.Integration.Tests.Gossip;

/// <summary>The leader reconciles the real LAN pool into its catalog: serfHealth follows alive/failed, left deregisters.</summary>
public sealed class CatalogReconcileTests
{
    private static string? SerfHealth(Testing.TestAgent leader, string node) =>
        AgentApi.Server(leader).State.Current.GetCheck(node, "serfHealth").Value?.Status;

    [Fact]
    public async Task JoinedAgentsAppearInTheLeadersCatalogAndFollowTheirGossipStatus()
    {
        await using var leader = await ServerAsync("rc-leader");
        await using var other = await ServerAsync("rc-server2");
        var crashed = await ClientAsync("rc-crashed");
        var leaving = await ClientAsync("rc-leaving");
        try
        {
            await JoinAsync(other, leader);
            await JoinAsync(crashed, leader);
            await JoinAsync(leaving, leader);
            await Poll.UntilAsync("all registered passing", () =>
                SerfHealth(leader, "rc-crashed") == "passing" && SerfHealth(leader, "rc-leaving") == "passing" && SerfHealth(leader, "rc-server2") == "passing", 20);
            var state = AgentApi.Server(leader).State.Current;
            Assert.Equal("Agent alive and reachable", state.GetCheck("rc-crashed", "serfHealth").Value!.Output);
            Assert.Equal(crashed.Host.Agent.NodeId, state.GetNode("rc-crashed").Value!.Id);
            var consul = state.GetNodeService("rc-server2", "consul").Value!;
            Assert.Equal(AgentApi.Server(other).Raft.Address.Split(':')[^1], consul.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

            await crashed.DisposeAsync();
            await Poll.UntilAsync("crashed critical", () => SerfHealth(leader, "rc-crashed") == "critical", 20);
            Assert.Equal("Agent not live or unreachable", AgentApi.Server(leader).State.Current.GetCheck("rc-crashed", "serfHealth").Value!.Output);

            await PutAsync(leaving, "/v1/agent/leave");
            await Poll.UntilAsync("left deregistered", () => AgentApi.Server(leader).State.Current.GetNode("rc-leaving").Value is null, 20);
            Assert.NotNull(AgentApi.Server(leader).State.Current.GetNode("rc-leader").Value);
        }
        finally
        {
            await crashed.DisposeAsync();
            await leaving.DisposeAsync();
        }
    }
}
