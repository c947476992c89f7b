using System.Text;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;

namespace ConsulSharp.Raft.Tests.Node;

/// <summary>
/// Real nodes (threads, channels, snapshots) under random isolation and restarts. The deterministic simulation covers
/// the protocol; this covers the shell: every acknowledged write survives, applied exactly once, same order everywhere.
/// </summary>
public sealed class ChaosTests
{
    [Fact]
    public async Task Acknowledged_writes_survive_isolation_and_restarts()
    {
        var ct = TestContext.Current.CancellationToken;
        var rng = new Random(12345);
        await using var c = await InMemoryCluster.StartAsync(3, id => RaftOptions.Local(id) with { SnapshotThreshold = 64, TrailingLogs = 16 });
        var storages = c.Members.ToDictionary(m => m.Node.Id, m => m.Storage);
        var acked = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // The chaos loop below stops and re-adds members while the writers look for the leader; a lookup that races
        // with that change just tries again.
        RaftNode? CurrentLeader()
        {
            try
            {
                return c.Members.Select(m => m.Node).FirstOrDefault(x => x is { IsLeader: true });
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var leader = CurrentLeader();
                if (leader is null)
                {
                    await Task.Delay(5, CancellationToken.None);
                    continue;
                }

                var cmd = $"w{w}-{n++}";
                try
                {
                    await leader.ApplyAsync(Encoding.UTF8.GetBytes(cmd), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
                    acked.Add(cmd);
                }
                catch (Exception ex) when (ex is RaftException or TimeoutException or ObjectDisposedException or InvalidOperationException)
                {
                }
            }
        }, CancellationToken.None)).ToList();

        for (var round = 0; round < 12; round++)
        {
            await Task.Delay(150, ct);
            var victim = c.Members[rng.Next(c.Members.Count)].Node.Id;
            if (rng.Next(2) == 0)
            {
                c.Network.Isolate(victim, isolated: true);
                await Task.Delay(rng.Next(50, 400), ct);
                c.Network.Isolate(victim, isolated: false);
            }
            else
            {
                await c.StopAsync(victim);
                await Task.Delay(rng.Next(50, 300), ct);
                await c.AddNodeAsync(victim, storages[victim]);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var leaderNow = await c.LeaderAsync("leader after chaos");
        var barrier = await RetryAsync(() => leaderNow.BarrierAsync(ct));
        foreach (var m in c.Members)
        {
            await Eventually.TrueAsync(() => m.Node.Status.AppliedIndex >= barrier, $"{m.Node.Id} catches up");
        }

        var reference = c.Fsm(leaderNow.Id).Items;
        Assert.Equal(reference.Count, reference.Distinct().Count());
        Assert.True(acked.Count > 20, $"only {acked.Count} writes were acknowledged");
        foreach (var w in acked)
        {
            Assert.Contains(w, reference);
        }

        foreach (var m in c.Members)
        {
            Assert.Equal(reference, m.Fsm.Items);
        }
    }

    private static async Task<ulong> RetryAsync(Func<Task<ulong>> op)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await op();
            }
            catch (RaftException) when (i < 20)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }
}
