using System.Diagnostics;
using System.Globalization;
using System.Net;
using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Serf;

// Convergence / failure detection / graceful leave of N ConsulSharp.Gossip nodes on loopback, measured the same way
// as /work/shared/reference/gossip/serf-baseline.sh measures real serf agents (polling every 50 ms).
// Usage: ConsulSharp.Bench.Gossip [--sizes "3 10"] [--reps 3] [--profile lan|local]
var sizes = new List<int> { 3, 10 };
var reps = 3;
var profileName = "lan";
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--sizes": sizes = [.. args[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--reps": reps = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--profile": profileName = args[i + 1]; break;
        default: throw new ArgumentException("unknown argument " + args[i]);
    }
}

var profile = profileName == "local" ? MemberlistOptions.Local : MemberlistOptions.Lan;
Console.WriteLine($"ConsulSharp.Gossip bench: profile={profileName} sizes=[{string.Join(' ', sizes)}] reps={reps} cpus={Environment.ProcessorCount}");
await RunAsync(3, profile); // warm-up (JIT), not reported
Console.WriteLine("| N | converge s (median / max) | fail first s | fail all s (median / max) | leave all s (median / max) | leave returns s |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var n in sizes)
{
    var runs = new List<(double Converge, double FailFirst, double FailAll, double LeaveAll, double LeaveReturns)>();
    for (var r = 0; r < reps; r++)
    {
        runs.Add(await RunAsync(n, profile));
    }

    static string Med(IEnumerable<double> v)
    {
        var s = v.Order().ToList();
        var median = s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
        return median.ToString("0.000", CultureInfo.InvariantCulture);
    }

    static string Max(IEnumerable<double> v) => v.Max().ToString("0.000", CultureInfo.InvariantCulture);
    Console.WriteLine($"| {n} | {Med(runs.Select(x => x.Converge))} / {Max(runs.Select(x => x.Converge))} | {Med(runs.Select(x => x.FailFirst))} | {Med(runs.Select(x => x.FailAll))} / {Max(runs.Select(x => x.FailAll))} | {Med(runs.Select(x => x.LeaveAll))} / {Max(runs.Select(x => x.LeaveAll))} | {Med(runs.Select(x => x.LeaveReturns))} |");
}

static async Task<(double, double, double, double, double)> RunAsync(int n, MemberlistOptions profile)
{
    var pools = new List<SerfPool>();
    for (var i = 0; i < n; i++)
    {
        pools.Add(await SerfPool.StartAsync(new SerfOptions { NodeName = $"bench-{i}", BindAddress = IPAddress.Loopback, BindPort = 0, Memberlist = profile, ProtocolVersion = 5 }));
    }

    try
    {
        var seed = $"127.0.0.1:{pools[0].LocalEndPoint.Port}";
        var watch = Stopwatch.StartNew();
        foreach (var p in pools.Skip(1))
        {
            await p.JoinAsync([seed]);
        }

        await WaitAsync(() => pools.All(p => p.Members().Count(m => m.Status == MemberStatus.Alive) == n), TimeSpan.FromSeconds(60));
        var converge = watch.Elapsed.TotalSeconds;

        // abrupt stop of the last node, like SIGKILL
        var victim = pools[^1];
        var survivors = pools.Take(n - 1).ToList();
        watch.Restart();
        await victim.DisposeAsync();
        await WaitAsync(() => survivors.Any(p => p.Members().Any(m => m.Name == victim.LocalName && m.Status == MemberStatus.Failed)), TimeSpan.FromSeconds(60));
        var failFirst = watch.Elapsed.TotalSeconds;
        await WaitAsync(() => survivors.All(p => p.Members().Any(m => m.Name == victim.LocalName && m.Status == MemberStatus.Failed)), TimeSpan.FromSeconds(60));
        var failAll = watch.Elapsed.TotalSeconds;

        // graceful leave of another node
        var leaver = survivors[^1];
        var rest = survivors.Take(survivors.Count - 1).ToList();
        watch.Restart();
        var leave = leaver.LeaveAsync();
        await WaitAsync(() => rest.All(p => p.Members().Any(m => m.Name == leaver.LocalName && m.Status == MemberStatus.Left)), TimeSpan.FromSeconds(60));
        var leaveAll = watch.Elapsed.TotalSeconds;
        await leave;
        var leaveReturns = watch.Elapsed.TotalSeconds;
        return (converge, failFirst, failAll, leaveAll, leaveReturns);
    }
    finally
    {
        foreach (var p in pools)
        {
            await p.DisposeAsync();
        }
    }
}

static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
{
    var watch = Stopwatch.StartNew();
    while (!condition())
    {
        if (watch.Elapsed > timeout)
        {
            throw new TimeoutException("bench phase timed out");
        }

        await Task.Delay(50);
    }
}
