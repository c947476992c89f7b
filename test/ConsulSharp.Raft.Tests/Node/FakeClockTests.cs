using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;
using ConsulSharp.Raft.Transport;
using Microsoft.Extensions.Time.Testing;

namespace ConsulSharp.Raft.Tests.Node;

/// <summary>The node's timers come only from the injected <see cref="TimeProvider"/>.</summary>
public sealed class FakeClockTests
{
    [Fact]
    public async Task No_election_happens_until_the_fake_clock_passes_the_election_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var network = new InMemoryNetwork();
        var nodes = new List<RaftNode>();
        foreach (var id in new[] { "a", "b", "c" })
        {
            var node = new RaftNode(RaftOptions.Local(id), RaftStorage.InMemory(), network.CreateTransport(id), new TestStateMachine(), clock);
            await node.StartAsync(ct);
            nodes.Add(node);
        }

        try
        {
            var config = new RaftConfiguration(nodes.Select(n => new RaftServer(n.Id, n.Address)));
            foreach (var n in nodes)
            {
                await n.BootstrapAsync(config, ct);
            }

            // Real time passes, fake time does not: nobody may time out.
            await Task.Delay(200, ct);
            Assert.DoesNotContain(nodes, n => n.IsLeader || n.Status.Role != RaftRole.Follower);

            // Advance fake time in ticks until someone wins (election timeout is 300-600 ms of fake time).
            var advanced = TimeSpan.Zero;
            while (!nodes.Any(n => n.IsLeader))
            {
                Assert.True(advanced < TimeSpan.FromSeconds(30), "no leader after 30 s of fake time");
                clock.Advance(TimeSpan.FromMilliseconds(5));
                advanced += TimeSpan.FromMilliseconds(5);
                await Task.Yield();
                await Task.Delay(1, ct);
            }

            Assert.True(advanced >= TimeSpan.FromMilliseconds(300), $"leader after only {advanced.TotalMilliseconds} ms of fake time");
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }
        }
    }
}
