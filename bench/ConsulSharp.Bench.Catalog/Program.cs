using System.Diagnostics;
using System.Globalization;
using System.Net;
using ConsulSharp.Agent.Config;
using ConsulSharp.Core.Structs;
using ConsulSharp.Hosting;
using ConsulSharp.Server;
using Microsoft.Extensions.DependencyInjection;

// Catalog read cost: 10,000 nodes / 100,000 instances written straight into the state store of an in-process dev
// agent, then /v1/health/service/big?passing (5,000 instances, 1% critical) timed over loopback HTTP.
// Then blocking watchers held over HTTP while instances of 'big' flap: --big-watchers long polls on
// /v1/health/service/big?passing and --other-watchers on the other 95 services; each flap toggles one 'big' instance's
// check (a catalog register in the state store, as the FSM applies it) and the run reports which watchers woke and how
// long the wake-up took to deliver (response headers, and the whole body).
// Usage: dotnet run -c Release --project bench/ConsulSharp.Bench.Catalog -- [--nodes 10000] [--per-node 10] [--rounds 20]
//        [--big-watchers 20] [--other-watchers 2000] [--flaps 10]
var nodeCount = 10_000;
var perNode = 10;
var rounds = 20;
var bigWatchers = 20;
var otherWatchers = 2000;
var flaps = 10;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--nodes": nodeCount = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--per-node": perNode = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--big-watchers": bigWatchers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--other-watchers": otherWatchers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--flaps": flaps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: break;
    }
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cpus, .NET {Environment.Version}");
var config = new RuntimeConfig
{
    NodeName = "bench",
    DevMode = true,
    ServerMode = true,
    Bootstrap = true,
    BindAddr = IPAddress.Loopback,
    AdvertiseAddr = IPAddress.Loopback,
    ClientAddrs = [IPAddress.Loopback],
    HttpPort = 0,
    DnsPort = -1,
    SerfLanPort = 0,
    SerfWanPort = 0,
    ServerPort = 0,
    LogLevel = "WARN",
    SkipLeaveOnInterrupt = true,
};
var host = await AgentHost.StartAsync(config, new AgentHostOptions { LogOutput = TextWriter.Null });
var server = host.Services.GetRequiredService<ConsulServer>();
using var http = new HttpClient { BaseAddress = host.HttpAddress };
while (!(await http.GetStringAsync("/v1/catalog/services")).Contains("consul", StringComparison.Ordinal))
{
    await Task.Delay(20);
}

// Indexes far above Raft's so later self-maintenance writes do not matter to the reads measured here.
var index = server.State.Current.LastIndex + 1_000_000;
var sw = Stopwatch.StartNew();
var bigCount = 0;
for (var n = 0; n < nodeCount; n++)
{
    var nodeName = "node-" + n.ToString("D5", CultureInfo.InvariantCulture);
    server.State.Register(++index, new CatalogRegistration
    {
        Node = new Node { Name = nodeName, Address = $"10.{n / 65536 % 256}.{n / 256 % 256}.{n % 256}", Datacenter = "dc1" },
        // Not "serfHealth": the leader's reconcile would reap nodes with that check that are not gossip members.
        Checks = [new HealthCheck { Node = nodeName, CheckId = "node-health", Name = "Node health", Status = HealthStatus.Passing }],
    });
    for (var s = 0; s < perNode; s++)
    {
        var big = s == 0 && n % 2 == 0;
        var name = big ? "big" : "svc-" + ((n * perNode + s) % 95).ToString("D2", CultureInfo.InvariantCulture);
        var id = name + "-" + s.ToString(CultureInfo.InvariantCulture);
        var checks = new List<HealthCheck>();
        if (big)
        {
            bigCount++;
            checks.Add(new HealthCheck
            {
                Node = nodeName,
                CheckId = "service:" + id,
                Name = "Service 'big' check",
                Status = bigCount % 100 == 0 ? HealthStatus.Critical : HealthStatus.Passing,
                ServiceId = id,
                Type = "http",
                Interval = "10s",
            });
        }

        server.State.Register(++index, new CatalogRegistration
        {
            Node = new Node { Name = nodeName },
            SkipNodeUpdate = true,
            Service = new ServiceInstance { Node = nodeName, Id = id, Name = name, Tags = ["v1", "bench"], Port = 8000 + s },
            Checks = checks,
        });
    }
}

Console.WriteLine($"loaded {nodeCount:N0} nodes, {nodeCount * perNode:N0} instances ({bigCount:N0} of 'big') in {sw.Elapsed.TotalSeconds:F1} s");

var snapshot = server.State.Current;
sw.Restart();
var storeRounds = 0;
var kept = 0;
while (sw.Elapsed < TimeSpan.FromSeconds(2))
{
    kept = snapshot.CheckServiceNodes("big", passingOnly: true).Value.Count;
    storeRounds++;
}

Console.WriteLine($"state store CheckServiceNodes(big, passing): {sw.Elapsed.TotalMilliseconds / storeRounds:F2} ms/query, {kept:N0} instances kept");

var times = new List<double>();
long bytes = 0;
for (var r = 0; r < rounds + 3; r++)
{
    var t = Stopwatch.StartNew();
    var body = await http.GetByteArrayAsync("/v1/health/service/big?passing");
    t.Stop();
    if (r >= 3)
    {
        times.Add(t.Elapsed.TotalMilliseconds);
        bytes = body.Length;
    }
}

times.Sort();
Console.WriteLine(
    $"HTTP GET /v1/health/service/big?passing (dev: pretty JSON): {rounds} rounds, p50 {times[times.Count / 2]:F1} ms, " +
    $"min {times[0]:F1} ms, max {times[^1]:F1} ms, body {bytes / 1024.0 / 1024.0:F2} MiB");

await ConsulSharp.Bench.Catalog.WatchBench.RunAsync(host.HttpAddress, server, () => ++index, bigWatchers, otherWatchers, flaps);

try
{
    await host.DisposeAsync();
}
catch (ObjectDisposedException)
{
    // Known shutdown bug outside the catalog: the Raft transport is disposed twice (RaftNode, then ConsulServer).
}
