using System.Diagnostics;
using System.Globalization;
using ConsulSharp.Client;
using ConsulSharp.Testing;

// Failover time of a real process cluster: three `consul agent -server -bootstrap-expect 3` processes on loopback
// (ProcessCluster, default timings). Each round SIGKILLs the leader, then measures, from the kill, (a) when a surviving
// server first names a new leader in /v1/status/leader and (b) when a KV write sent after the kill to a surviving server
// is acknowledged (committed by the new leader). The killed server is restarted and rejoins before the next round.
// Usage: dotnet run -c Release --project bench/ConsulSharp.Bench.Failover [rounds]
// Needs the binary: dotnet build src/ConsulSharp -c Release (or CONSUL_BINARY).
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
await using var cluster = await ProcessCluster.StartAsync(new ProcessClusterOptions
{
    Servers = 3,
    NamePrefix = "fo-", // log level stays INFO: AgentProcess reads the HTTP port from the "Starting server" line
});
await cluster.WaitForVotersAsync(cluster.Servers);
var toLeader = new List<double>();
var toWrite = new List<double>();
Console.WriteLine("| round | killed | new leader | leader known ms | write acknowledged ms |");
Console.WriteLine("|---|---|---|---|---|");
for (var round = 1; round <= rounds; round++)
{
    var old = await cluster.WaitForLeaderAsync();
    var survivors = cluster.Servers.Where(s => s != old).ToList();
    using (var warm = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
    {
        await survivors[0].Client.PutAsync("/v1/kv/bench/failover", "warm"u8.ToArray(), warm.Token);
    }

    var clock = Stopwatch.StartNew();
    await cluster.KillAsync(old);
    var leaderTask = LeaderKnownAsync(survivors, old, clock);
    var writeTask = WriteAcknowledgedAsync(survivors, clock, round);
    var (leaderMs, leaderName) = await leaderTask;
    var writeMs = await writeTask;
    toLeader.Add(leaderMs);
    toWrite.Add(writeMs);
    Console.WriteLine($"| {round} | {old.Name} | {leaderName} | {leaderMs:F0} | {writeMs:F0} |");

    await cluster.RestartAsync(old);
    await cluster.WaitForVotersAsync(cluster.Servers);
    await cluster.WaitForMembersAsync();
    await Task.Delay(TimeSpan.FromSeconds(2));
}

Console.WriteLine();
Console.WriteLine($"leader known after kill:   p50 {Percentile(toLeader, 0.5):F0} ms, max {toLeader.Max():F0} ms ({rounds} rounds)");
Console.WriteLine($"write acknowledged after kill: p50 {Percentile(toWrite, 0.5):F0} ms, max {toWrite.Max():F0} ms ({rounds} rounds)");

static async Task<(double Ms, string Name)> LeaderKnownAsync(List<ProcessNode> survivors, ProcessNode old, Stopwatch clock)
{
    while (true)
    {
        foreach (var s in survivors)
        {
            if (await ProcessCluster.LeaderOfAsync(s) is { } addr && addr != old.ServerAddress)
            {
                return (clock.Elapsed.TotalMilliseconds, survivors.FirstOrDefault(x => x.ServerAddress == addr)?.Name ?? addr);
            }
        }

        await Task.Delay(10);
    }
}

// One writer per survivor, each sending a new write as soon as the previous one failed or timed out: the first
// acknowledgement of a write sent after the kill is a commit by the new leader.
static async Task<double> WriteAcknowledgedAsync(List<ProcessNode> survivors, Stopwatch clock, int round)
{
    using var done = new CancellationTokenSource();
    var writers = survivors.Select(async s =>
    {
        var i = 0;
        while (!done.IsCancellationRequested)
        {
            try
            {
                using var t = CancellationTokenSource.CreateLinkedTokenSource(done.Token);
                t.CancelAfter(TimeSpan.FromSeconds(10));
                var body = System.Text.Encoding.UTF8.GetBytes($"{round}-{s.Name}-{i++}");
                var r = await s.Client.SendRawAsync(HttpMethod.Put, "/v1/kv/bench/failover", body, t.Token);
                if (r.StatusCode == 200 && r.Text == "true")
                {
                    return clock.Elapsed.TotalMilliseconds;
                }
            }
            catch (Exception ex) when (ex is ConsulApiException or OperationCanceledException)
            {
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return double.MaxValue;
    }).ToList();
    var first = await await Task.WhenAny(writers);
    await done.CancelAsync();
    await Task.WhenAll(writers);
    return first;
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}
