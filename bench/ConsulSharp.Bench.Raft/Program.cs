using System.Diagnostics;
using System.Globalization;
using System.Net;
using ConsulSharp.Bench.Raft;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;
using ConsulSharp.Raft.Transport;

// Raft throughput/latency: 3 nodes in one process over loopback TCP, durable logs in a temp dir.
// Usage: dotnet run -c Release --project bench/ConsulSharp.Bench.Raft -- [--seconds 10] [--writers 1,16,64] [--payload 128] [--dir PATH]
var seconds = 10;
var writerLevels = new[] { 1, 16, 64 };
var payloadSize = 128;
string? baseDir = null;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--writers": writerLevels = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--payload": payloadSize = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--dir": baseDir = args[++i]; break;
        default: break;
    }
}

var root = Path.Combine(baseDir ?? Path.GetTempPath(), "raft-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(root);
Console.WriteLine($"machine: {Environment.ProcessorCount} cpus, {CpuModel()}, .NET {Environment.Version}, dir {root}");

// Raw disk: how many small write+fsync pairs per second this directory sustains.
var fsyncsPerSecond = MeasureFsyncs(Path.Combine(root, "fsync.probe"), TimeSpan.FromSeconds(Math.Min(3, seconds)));
Console.WriteLine($"disk: {fsyncsPerSecond:F0} fsyncs/s (128 B write + fsync, one thread)");

var nodes = new List<(RaftNode Node, FileLogStore Log)>();
try
{
    for (var i = 0; i < 3; i++)
    {
        var dir = Path.Combine(root, "n" + i);
        var log = new FileLogStore(Path.Combine(dir, "log"));
        var storage = new RaftStorage(log, new FileStableStore(dir), new FileSnapshotStore(Path.Combine(dir, "snapshots")));
        var transport = TcpRaftTransport.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        var node = new RaftNode(new RaftOptions { Id = "n" + i }, storage, transport, new CounterStateMachine());
        await node.StartAsync(CancellationToken.None);
        nodes.Add((node, log));
    }

    var config = new RaftConfiguration(nodes.Select(n => new RaftServer(n.Node.Id, n.Node.Address)));
    foreach (var n in nodes)
    {
        await n.Node.BootstrapAsync(config, CancellationToken.None);
    }

    var sw = Stopwatch.StartNew();
    RaftNode? leader = null;
    while ((leader = nodes.Select(n => n.Node).FirstOrDefault(n => n.IsLeader)) is null)
    {
        if (sw.Elapsed > TimeSpan.FromSeconds(30))
        {
            throw new TimeoutException("no leader elected");
        }

        await Task.Delay(10);
    }

    Console.WriteLine($"leader {leader.Id} elected after {sw.ElapsedMilliseconds} ms");
    var payload = new byte[payloadSize];
    Random.Shared.NextBytes(payload);

    // Warm-up.
    await RunAsync(leader, 16, TimeSpan.FromSeconds(1), payload);
    Console.WriteLine();
    Console.WriteLine("| writers | commits/s | p50 ms | p99 ms | leader fsyncs/s | entries per fsync | CPU µs per commit (3 nodes) |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var writers in writerLevels)
    {
        var leaderLog = nodes.Single(n => n.Node == leader).Log;
        var syncsBefore = leaderLog.SyncCount;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (ops, elapsed, lat) = await RunAsync(leader, writers, TimeSpan.FromSeconds(seconds), payload);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var syncs = leaderLog.SyncCount - syncsBefore;
        lat.Sort();
        double P(double q) => lat.Count == 0 ? 0 : lat[Math.Min(lat.Count - 1, (int)(q * lat.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {writers} | {ops / elapsed.TotalSeconds:F0} | {P(0.50):F2} | {P(0.99):F2} | {syncs / elapsed.TotalSeconds:F0} | {(double)ops / Math.Max(1, syncs):F1} | {cpu.TotalMicroseconds / Math.Max(1, ops):F0} |"));
    }

    // Idle cost once warm: three nodes ticking and heartbeating with no writes.
    var idleCpu = Process.GetCurrentProcess().TotalProcessorTime;
    await Task.Delay(TimeSpan.FromSeconds(3));
    Console.WriteLine();
    Console.WriteLine($"idle: {(Process.GetCurrentProcess().TotalProcessorTime - idleCpu).TotalMilliseconds / 3000 * 100:F1}% of one CPU for 3 idle nodes");
}
finally
{
    foreach (var n in nodes)
    {
        await n.Node.DisposeAsync();
    }

    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
    }
}

static async Task<(long Ops, TimeSpan Elapsed, List<double> LatencyMs)> RunAsync(RaftNode leader, int writers, TimeSpan duration, byte[] payload)
{
    var latencies = new List<double>[writers];
    long ops = 0;
    var start = Stopwatch.GetTimestamp();
    var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        var mine = latencies[w] = new List<double>(1 << 16);
        while (Stopwatch.GetTimestamp() < end)
        {
            var t0 = Stopwatch.GetTimestamp();
            await leader.ApplyAsync(payload, CancellationToken.None);
            mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            Interlocked.Increment(ref ops);
        }
    })).ToArray();
    await Task.WhenAll(tasks);
    var elapsed = Stopwatch.GetElapsedTime(start);
    return (ops, elapsed, latencies.SelectMany(l => l).ToList());
}

static double MeasureFsyncs(string path, TimeSpan duration)
{
    using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
    var buf = new byte[128];
    var n = 0;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed < duration)
    {
        fs.Write(buf);
        fs.Flush(flushToDisk: true);
        n++;
    }

    return n / sw.Elapsed.TotalSeconds;
}

static string CpuModel()
{
    try
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
    catch (IOException)
    {
        return "unknown CPU";
    }
}
