using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace ConsulSharp.Raft.Tests.Simulation;

/// <summary>
/// Deterministic simulation of whole clusters under faults. A failing seed can be replayed (with a trace) by setting
/// RAFT_SIM_SEED=&lt;seed&gt;; RAFT_SIM_SEEDS=&lt;count&gt; and RAFT_SIM_SEED_START=&lt;first&gt; choose the seeds that run.
/// </summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    [Fact]
    public void Many_seeds_keep_safety_and_recover_liveness()
    {
        var single = Environment.GetEnvironmentVariable("RAFT_SIM_SEED");
        if (single is not null)
        {
            var seed = int.Parse(single, CultureInfo.InvariantCulture);
            var cluster = new SimCluster(seed, OptionsFor(seed) with { Trace = true });
            try
            {
                cluster.Run();
            }
            finally
            {
                output.WriteLine(cluster.Trace);
            }

            return;
        }

        var count = int.Parse(Environment.GetEnvironmentVariable("RAFT_SIM_SEEDS") ?? "1000", CultureInfo.InvariantCulture);
        var first = int.Parse(Environment.GetEnvironmentVariable("RAFT_SIM_SEED_START") ?? "1", CultureInfo.InvariantCulture);
        var failures = new ConcurrentBag<string>();
        long events = 0;
        var sw = Stopwatch.StartNew();
        Parallel.For(first, first + count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            var cluster = new SimCluster(seed, OptionsFor(seed));
            try
            {
                cluster.Run();
            }
            catch (Exception ex) when (ex is SimulationFailure or InvalidOperationException)
            {
                failures.Add($"{ex.Message}\n  replay: RAFT_SIM_SEED={seed} dotnet test --project test/ConsulSharp.Raft.Tests -c Release -- --filter-method \"*Many_seeds*\"");
            }

            Interlocked.Add(ref events, cluster.Events);
        });
        output.WriteLine($"{count} seeds, {events} events in {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.OrderBy(f => f).Take(10)) + $"\n({failures.Count} failing seeds)");
    }

    /// <summary>Every third seed runs a fixed 3-server cluster; the others 5 servers with membership changes.</summary>
    private static SimOptions OptionsFor(int seed) =>
        new() { MembershipChanges = seed % 3 != 0, Servers = seed % 3 == 0 ? 3 : 5 };

    [Fact]
    public void Same_seed_gives_the_same_history()
    {
        var a = new SimCluster(42, new SimOptions { Trace = true });
        var b = new SimCluster(42, new SimOptions { Trace = true });
        a.Run();
        b.Run();
        Assert.Equal(a.Trace, b.Trace);
        Assert.True(a.Events > 1000);
        Assert.True(a.MaxCommitted > 100, $"committed {a.MaxCommitted}, terms {a.Terms}, snapshots sent {a.Snapshots}");
    }
}
