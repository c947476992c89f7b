using System.Globalization;
using ConsulSharp.Gossip.Membership;

// Convergence / failure detection / graceful leave / idle cost of N ConsulSharp.Gossip nodes on loopback, measured with
// the procedure of /work/shared/reference/gossip/serf-baseline.sh (poll every 50 ms; agents 1..N-1 join agent 0; wait
// --settle then --idle-window after convergence; SIGKILL the last agent; graceful leave of the one before).
// Usage: ConsulSharp.Bench.Gossip [--sizes "3 10 30"] [--reps 3] [--profile lan|wan|local] [--processes]
//          [--settle 5] [--idle-window 20] [--hog SECONDS] [--hog-procs N] [--trace FILE] [--kill-jitter SECONDS]
//        ConsulSharp.Bench.Gossip --node NAME [--profile lan] [--trace-file F]   (one node, driven over stdin; used by --processes)
var sizes = new List<int> { 3, 10 };
var reps = 3;
var profileName = "lan";
var processes = false;
var settle = 5.0;
var idleWindow = 20.0;
var hog = 0.0;
var killJitter = 0.0;
var hogProcs = Environment.ProcessorCount * 2;
string? tracePath = null;
string? nodeName = null;
string? traceFile = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value for " + args[i]);
    switch (args[i])
    {
        case "--sizes": sizes = [.. Next().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--reps": reps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--profile": profileName = Next(); break;
        case "--processes": processes = true; break;
        case "--settle": settle = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--idle-window": idleWindow = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--hog": hog = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--kill-jitter": killJitter = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--hog-procs": hogProcs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--trace": tracePath = Next(); break;
        case "--node": nodeName = Next(); break;
        case "--trace-file": traceFile = Next(); break;
        default: throw new ArgumentException("unknown argument " + args[i]);
    }
}

var profile = profileName switch
{
    "local" => MemberlistOptions.Local,
    "wan" => MemberlistOptions.Wan,
    _ => MemberlistOptions.Lan,
};
if (nodeName is not null)
{
    return await NodeHost.RunAsync(nodeName, profile, traceFile);
}

var mode = processes ? "one process per node" : "all nodes in this process";
Console.WriteLine($"ConsulSharp.Gossip bench: profile={profileName} sizes=[{string.Join(' ', sizes)}] reps={reps} {mode} settle={settle}s idle-window={idleWindow}s hog={hog}s kill-jitter={killJitter}s cpus={Environment.ProcessorCount}");
if (!processes)
{
    await new Bench(profile, profileName, false, 0, 0, 0, 0).RunOnceAsync(3, 0, null); // warm-up (JIT), not reported
}

var bench = new Bench(profile, profileName, processes, settle, idleWindow, hog, hogProcs, killJitter);
var results = new List<RunResult>();
foreach (var n in sizes)
{
    for (var r = 1; r <= reps; r++)
    {
        var trace = tracePath is null ? null : new TraceLog();
        var result = await bench.RunOnceAsync(n, r, trace);
        trace?.WriteTo($"{tracePath}.n{n}.r{r}");
        results.Add(result);
        Console.WriteLine("run " + result);
    }
}

Console.WriteLine();
Console.WriteLine(RunResult.Table(results, sizes));
return 0;
