using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;

namespace ConsulSharp.Gossip.Tests.Serf;

public sealed class SnapshotTests : IDisposable
{
    private static readonly TimeSpan Ct = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("gossip-snapshot-").FullName;

    [Fact]
    public async Task Restart_with_a_snapshot_rejoins_previous_members_and_does_not_replay_old_events()
    {
        var path = Path.Combine(_dir, "local.snapshot");
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a", configure: o => o with { SnapshotPath = path });
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");
        await b.UserEventAsync("e1", "x"u8.ToArray(), false, TestContext.Current.CancellationToken);
        await cluster.RunUntilAsync(() => a.Events.TryRead(out var e) && e is UserEvent { Name: "e1" }, Ct, "a got e1");
        await cluster.RunForAsync(TimeSpan.FromSeconds(1));
        await a.DisposeAsync();
        cluster.Pools.Remove(a);

        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.Contains("alive: b ", text, StringComparison.Ordinal);
        Assert.Contains("event-clock: ", text, StringComparison.Ordinal);

        // a restarts (new name and port here, same snapshot file): it rejoins b by itself and ignores e1.
        var restarted = cluster.Add("a-restarted", configure: o => o with { SnapshotPath = path });
        await cluster.RunUntilAsync(() => FakeCluster.Sees(restarted, "b", MemberStatus.Alive) && FakeCluster.Sees(b, "a-restarted", MemberStatus.Alive), Ct, "rejoined from snapshot");
        await cluster.RunForAsync(TimeSpan.FromSeconds(1));
        while (restarted.Events.TryRead(out var e))
        {
            Assert.False(e is UserEvent { Name: "e1" }, "old event replayed after restart");
        }
    }

    [Fact]
    public async Task After_a_graceful_leave_the_snapshot_does_not_rejoin()
    {
        var path = Path.Combine(_dir, "left.snapshot");
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a", configure: o => o with { SnapshotPath = path });
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");
        await cluster.DriveAsync(a.LeaveAsync(TestContext.Current.CancellationToken), Ct, "leave");
        await a.DisposeAsync();
        cluster.Pools.Remove(a);

        var restarted = cluster.Add("a-again", configure: o => o with { SnapshotPath = path });
        await cluster.RunForAsync(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(restarted.Members(), m => m.Name == "b");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
