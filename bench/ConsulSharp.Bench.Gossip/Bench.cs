using System.Diagnostics;
using ConsulSharp.Gossip.Membership;

/// <summary>One run of serf-baseline.sh's procedure against our nodes (see Program.cs for the steps).</summary>
internal sealed class Bench(MemberlistOptions profile, string profileName, bool processes, double settle, double idleWindow, double hog, int hogProcs, double killJitter = 0)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public async Task<RunResult> RunOnceAsync(int n, int rep, TraceLog? trace)
    {
        var result = new RunResult(n, rep);
        var nodes = new List<BenchNode>();
        try
        {
            for (var i = 0; i < n; i++)
            {
                var name = $"bench-{i:00}";
                nodes.Add(processes
                    ? await ProcessNode.StartAsync(name, profile, profileName, trace?.ChildFile(name))
                    : await InProcessNode.StartAsync(name, profile, trace?.For(name)));
            }

            var seed = $"127.0.0.1:{nodes[0].Port}";
            var names = nodes.Select(x => x.Name).ToHashSet();
            var watch = Stopwatch.StartNew();
            foreach (var node in nodes.Skip(1))
            {
                await node.JoinAsync(seed);
            }

            result.ConvergeS = await WaitAsync(watch, TimeSpan.FromSeconds(60), async () =>
            {
                foreach (var node in nodes)
                {
                    var m = (await node.MembersAsync()).Statuses;
                    if (m.Count != n || !names.All(x => m.GetValueOrDefault(x) == "alive"))
                    {
                        return false;
                    }
                }

                return true;
            });
            if (result.ConvergeS is null)
            {
                return result;
            }

            // Idle cost (no polling in the window), like serf-baseline: settle, then measure over the window.
            await Task.Delay(TimeSpan.FromSeconds(settle));
            var before = nodes.Select(x => x.Sample()).ToList();
            Task? hogTask = null;
            if (hog > 0)
            {
                trace?.Mark($"cpu hog: {hogProcs} busy loops for {hog}s");
                hogTask = Hog.RunAsync(hogProcs, TimeSpan.FromSeconds(hog));
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Max(idleWindow, hog)));
            if (hogTask is not null)
            {
                await hogTask;
            }

            var after = nodes.Select(x => x.Sample()).ToList();
            var window = Math.Max(idleWindow, hog);
            if (before.All(b => b is not null) && after.All(a => a is not null) && window > 0)
            {
                var cpu = before.Zip(after, (b, a) => 100.0 * (a!.Value.Cpu - b!.Value.Cpu).TotalSeconds / window).ToList();
                var rss = after.Select(a => a!.Value.RssBytes / 1048576.0).ToList();
                result.CpuPctMean = cpu.Average();
                result.CpuPctMax = cpu.Max();
                result.RssMibMean = rss.Average();
                result.RssMibMax = rss.Max();
            }

            foreach (var node in nodes)
            {
                var m = await node.MembersAsync();
                result.FalseFailures += m.FailedEvents + m.Statuses.Count(kv => kv.Value != "alive");
                result.FalseSuspicions += m.Suspicions;
            }

            if (hog > 0)
            {
                return result; // the hog run only checks for false alarms
            }

            // Failure detection: SIGKILL the last node. With --kill-jitter the kill waits a uniformly random extra
            // time, so that it lands at a random phase of the nodes' 1 s probe tickers (see docs/benchmarks.md).
            if (killJitter > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() * killJitter));
            }

            var victim = nodes[^1];
            var survivors = nodes.Take(n - 1).ToList();
            trace?.Mark("kill " + victim.Name);
            watch.Restart();
            await victim.KillAsync();
            double? first = null;
            result.FailAllS = await WaitAsync(watch, TimeSpan.FromSeconds(90), async () =>
            {
                var seen = 0;
                foreach (var node in survivors)
                {
                    if ((await node.MembersAsync()).Statuses.GetValueOrDefault(victim.Name) == "failed")
                    {
                        seen++;
                    }
                }

                if (seen > 0 && first is null)
                {
                    first = watch.Elapsed.TotalSeconds;
                    trace?.Mark("fail first");
                }

                return seen == survivors.Count;
            });
            result.FailFirstS = first;
            trace?.Mark("fail all");

            // Graceful leave of another node.
            if (n >= 3)
            {
                var leaver = survivors[^1];
                var rest = survivors.Take(survivors.Count - 1).ToList();
                watch.Restart();
                var leave = leaver.LeaveAsync().ContinueWith(_ => watch.Elapsed.TotalSeconds, TaskScheduler.Default);
                result.LeaveAllS = await WaitAsync(watch, TimeSpan.FromSeconds(60), async () =>
                {
                    foreach (var node in rest)
                    {
                        if ((await node.MembersAsync()).Statuses.GetValueOrDefault(leaver.Name) != "left")
                        {
                            return false;
                        }
                    }

                    return true;
                });
                result.LeaveReturnsS = await leave;
            }

            return result;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static async Task<double?> WaitAsync(Stopwatch watch, TimeSpan timeout, Func<Task<bool>> condition)
    {
        var start = watch.Elapsed;
        while (watch.Elapsed - start < timeout)
        {
            if (await condition())
            {
                return watch.Elapsed.TotalSeconds;
            }

            await Task.Delay(Poll);
        }

        return null;
    }
}
