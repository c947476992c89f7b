using System.Diagnostics;
using System.Globalization;
using System.Net;
using ConsulSharp.Testing;

// Server RPC costs, measured in one process on loopback: a 3-server cluster (durable Raft logs, bootstrap-expect 3)
// and one client agent. KV writes and reads over HTTP directly on the leader, through a follower (forwarded to the
// leader) and through the client agent (HTTP -> client -> gRPC -> server [-> leader]); then the write gap a client
// sees when the leader is stopped. Usage: dotnet run -c Release --project bench/ConsulSharp.Bench.Cluster [seconds]
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var duration = TimeSpan.FromSeconds(seconds);
await using var cluster = await TestCluster.StartAsync(new TestClusterOptions
{
    Servers = 3,
    Clients = 1,
    NamePrefix = "bench-",
    Configure = c => c with { LogLevel = "WARN" },
});
var leader = await cluster.WaitForLeaderAsync();
var follower = cluster.Servers.First(s => s != leader);
var client = cluster.Clients[0];
var targets = new (string Name, TestAgent Agent)[] { ("leader", leader), ("follower", follower), ("client agent", client) };
var value = new byte[64];

Console.WriteLine($"| path | op | writers | ops/s | p50 ms | p99 ms |");
Console.WriteLine($"|---|---|---|---|---|---|");
foreach (var writers in new[] { 1, 16 })
{
    foreach (var (name, agent) in targets)
    {
        var r = await RunAsync(agent, writers, duration, write: true);
        Console.WriteLine($"| {name} | PUT /v1/kv | {writers} | {r.Rate:F0} | {r.P50:F2} | {r.P99:F2} |");
    }
}

foreach (var readers in new[] { 1, 16 })
{
    foreach (var (name, agent) in targets)
    {
        var r = await RunAsync(agent, readers, duration, write: false);
        Console.WriteLine($"| {name} | GET /v1/kv (default consistency) | {readers} | {r.Rate:F0} | {r.P50:F2} | {r.P99:F2} |");
    }
}

// Failover seen by a writer on the client agent: one write after another; the leader is stopped mid-stream.
var gap = await FailoverAsync();
Console.WriteLine();
Console.WriteLine($"failover: longest gap between acknowledged writes through the client agent = {gap.TotalMilliseconds:F0} ms");

async Task<(double Rate, double P50, double P99)> RunAsync(TestAgent agent, int workers, TimeSpan time, bool write)
{
    using var http = new HttpClient { BaseAddress = agent.HttpAddress };
    var latencies = new List<double>[workers];
    var stop = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, workers).Select(async w =>
    {
        var mine = latencies[w] = [];
        var i = 0;
        while (stop.Elapsed < time)
        {
            var start = Stopwatch.GetTimestamp();
            using var res = write
                ? await http.PutAsync(new Uri($"/v1/kv/bench/{w}/{i++ % 100}", UriKind.Relative), new ByteArrayContent(value))
                : await http.GetAsync(new Uri($"/v1/kv/bench/{w % 1}/0", UriKind.Relative));
            if (res.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{res.StatusCode}: {await res.Content.ReadAsStringAsync()}");
            }

            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }).ToArray();
    await Task.WhenAll(tasks);
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return (all.Length / stop.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
}

async Task<TimeSpan> FailoverAsync()
{
    using var http = new HttpClient { BaseAddress = client.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
    var last = Stopwatch.StartNew();
    var longest = TimeSpan.Zero;
    var writes = 0;
    var running = true;
    var writer = Task.Run(async () =>
    {
        while (Volatile.Read(ref running))
        {
            using var res = await http.PutAsync(new Uri($"/v1/kv/failover/{writes}", UriKind.Relative), new ByteArrayContent(value));
            if (res.StatusCode == HttpStatusCode.OK)
            {
                var gapNow = last.Elapsed;
                longest = gapNow > longest ? gapNow : longest;
                last.Restart();
                writes++;
            }
        }
    });
    await Task.Delay(1000);
    await cluster.StopAsync(await cluster.WaitForLeaderAsync());
    await cluster.WaitForLeaderAsync();
    await Task.Delay(2000);
    Volatile.Write(ref running, false);
    await writer;
    return longest;
}
