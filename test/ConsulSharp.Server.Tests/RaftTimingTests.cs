using ConsulSharp.Server;

namespace ConsulSharp.Server.Tests;

/// <summary><c>performance.raft_multiplier</c> scales the Raft timings of a server (1 = the library defaults).</summary>
public sealed class RaftTimingTests
{
    [Fact]
    public void Multiplier_scales_election_timeout_and_heartbeat_interval()
    {
        var defaults = new Raft.RaftOptions { Id = "n" };
        var one = new ServerOptions { NodeId = "n", NodeName = "n", Datacenter = "dc1" }.RaftOptions();
        Assert.Equal(defaults.ElectionTimeout, one.ElectionTimeout);
        Assert.Equal(defaults.HeartbeatInterval, one.HeartbeatInterval);

        var five = new ServerOptions { NodeId = "n", NodeName = "n", Datacenter = "dc1", RaftMultiplier = 5 }.RaftOptions();
        Assert.Equal(defaults.ElectionTimeout * 5, five.ElectionTimeout);
        Assert.Equal(defaults.HeartbeatInterval * 5, five.HeartbeatInterval);
        Assert.Equal("n", five.Id);
    }
}
