using System.Diagnostics;
using System.Globalization;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>
/// Fault tests on three durable server processes (<see cref="DurableClusterFixture"/>) under a steady stream of
/// check-and-set appends to one key (<see cref="CasAppendWriter"/>, the technique of <see cref="SingleServerKillTests"/>):
/// the leader is killed with SIGKILL at a random moment and restarted after a new leader took over; separately all three
/// are killed at once and restarted. After every round every acknowledged write is in the log exactly once, in
/// acknowledgement order, and nothing appears that was never sent.
/// Rounds: <c>CONSULSHARP_FAULT_ROUNDS</c> (default 1 for CI; 50 or more nightly, see docs/subsystems/cluster-tests.md).
/// </summary>
[Collection(DurableClusterCollection.Name)]
public sealed class ClusterKillTests(DurableClusterFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("CONSULSHARP_FAULT_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    private ProcessCluster Cluster => fx.Cluster;

    [Fact]
    public async Task Leader_killed_during_writes_loses_no_acknowledged_write()
    {
        var random = new Random(Environment.TickCount);
        var writer = new CasAppendWriter(Cluster, "fault/leader-kill");
        for (var round = 1; round <= Rounds; round++)
        {
            var old = await Cluster.WaitForLeaderAsync(Ct);
            using var stop = new CancellationTokenSource();
            var writing = Task.Run(() => writer.RunAsync(stop.Token), Ct);
            await Task.Delay(random.Next(300, 1500), Ct);
            var before = writer.AcknowledgedCount;
            await Cluster.KillAsync(old);
            var leader = await Cluster.WaitForLeaderAsync(Ct);
            Assert.NotEqual(old, leader);
            await WaitForWritesAsync(writer, before + 3, $"round {round}: writes did not resume after the leader was killed");

            await Cluster.RestartAsync(old, Ct);
            await Cluster.WaitForVotersAsync(Cluster.Servers, Ct);
            await stop.CancelAsync();
            await writing;
            Report(round, old.Name, await writer.CheckAsync($"round {round}"), writer);
        }

        Assert.True(writer.AcknowledgedCount >= 3 * Rounds, $"too few writes acknowledged to mean anything: {writer.AcknowledgedCount}");
        await Cluster.WaitForMembersAsync(Ct);
    }

    [Fact]
    public async Task All_servers_killed_at_once_lose_no_acknowledged_write()
    {
        var random = new Random(Environment.TickCount);
        var writer = new CasAppendWriter(Cluster, "fault/kill-all");
        for (var round = 1; round <= Rounds; round++)
        {
            await Cluster.WaitForLeaderAsync(Ct);
            using var stop = new CancellationTokenSource();
            var writing = Task.Run(() => writer.RunAsync(stop.Token), Ct);
            var before = writer.AcknowledgedCount;
            await WaitForWritesAsync(writer, before + 1, $"round {round}: no write acknowledged before the kill");
            await Task.Delay(random.Next(200, 1200), Ct);
            await Cluster.KillAllAsync(Cluster.Servers);
            await stop.CancelAsync();
            await writing;

            await Task.WhenAll(Cluster.Servers.Select(s => Cluster.RestartAsync(s, Ct)));
            await Cluster.WaitForVotersAsync(Cluster.Servers, Ct);
            Report(round, "all", await writer.CheckAsync($"round {round}"), writer);
        }

        await Cluster.WaitForMembersAsync(Ct);
    }

    private static void Report(int round, string killed, List<int> log, CasAppendWriter writer) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"round {round}: killed {killed}; log {log.Count} entries, {writer.AcknowledgedCount} acknowledged of {writer.Attempted} attempted");

    private static async Task WaitForWritesAsync(CasAppendWriter writer, int count, string failure)
    {
        var sw = Stopwatch.StartNew();
        while (writer.AcknowledgedCount < count)
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"{failure} (acknowledged {writer.AcknowledgedCount}, attempted {writer.Attempted})");
            await Task.Delay(20, Ct);
        }
    }
}
