using System.Diagnostics;
using System.Globalization;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server;

namespace ConsulSharp.Bench.Catalog;

/// <summary>
/// Blocking health watchers while instances flap: who wakes, and how fast the wake-up reaches the client. Watchers are
/// real HTTP long polls (<c>?index=N&amp;wait=10m</c>) re-armed after every answer, as consul-template and Consul's
/// own clients do.
/// </summary>
internal static class WatchBench
{
    public static async Task RunAsync(Uri address, ConsulServer server, Func<ulong> nextIndex, int bigWatchers, int otherWatchers, int flaps)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource();
        var watchers = new List<Watcher>();
        for (var i = 0; i < bigWatchers; i++)
        {
            watchers.Add(new Watcher("big", true));
        }

        for (var i = 0; i < otherWatchers; i++)
        {
            watchers.Add(new Watcher("svc-" + (i % 95).ToString("D2", CultureInfo.InvariantCulture), false));
        }

        var start = Stopwatch.StartNew();
        var tasks = watchers.Select(w => Task.Run(() => w.RunAsync(http, stop.Token))).ToList();
        while (watchers.Any(w => !w.Armed))
        {
            await Task.Delay(50);
        }

        Console.WriteLine($"watchers: {bigWatchers:N0} on 'big' (5,000 instances) + {otherWatchers:N0} on 95 other services, all held after {start.Elapsed.TotalSeconds:F1} s; process working set {Environment.WorkingSet / 1024.0 / 1024.0:F0} MiB");
        await Task.Delay(500);

        var headerLatencies = new List<double>();
        var bodyLatencies = new List<double>();
        var node = server.State.Current.GetNode("node-00000").Value!;
        for (var f = 0; f < flaps; f++)
        {
            var bigBefore = watchers.Where(w => w.Big).Sum(w => w.Wakeups);
            var t0 = Stopwatch.GetTimestamp();
            server.State.Register(nextIndex(), new CatalogRegistration
            {
                Node = node,
                SkipNodeUpdate = true,
                Checks =
                [
                    new HealthCheck
                    {
                        Node = node.Name, CheckId = "service:big-0", Name = "Service 'big' check", ServiceId = "big-0",
                        Status = f % 2 == 0 ? HealthStatus.Critical : HealthStatus.Passing, Type = "http", Interval = "10s",
                    },
                ],
            });
            var deadline = Stopwatch.StartNew();
            while (watchers.Where(w => w.Big).Sum(w => w.Wakeups) < bigBefore + bigWatchers && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(5);
            }

            foreach (var w in watchers.Where(w => w.Big))
            {
                headerLatencies.Add(Stopwatch.GetElapsedTime(t0, w.LastHeaders).TotalMilliseconds);
                bodyLatencies.Add(Stopwatch.GetElapsedTime(t0, w.LastBody).TotalMilliseconds);
            }

            while (watchers.Any(w => !w.Armed))
            {
                await Task.Delay(10);
            }

            await Task.Delay(200);
        }

        var bigWakeups = watchers.Where(w => w.Big).Sum(w => w.Wakeups);
        var otherWakeups = watchers.Where(w => !w.Big).Sum(w => w.Wakeups);
        var errors = watchers.Sum(w => w.Errors);
        headerLatencies.Sort();
        bodyLatencies.Sort();
        Console.WriteLine($"{flaps} flaps of one 'big' instance: 'big' watchers woke {bigWakeups:N0} times (expected {flaps * bigWatchers:N0}), other watchers woke {otherWakeups:N0} times (expected 0), errors {errors}");
        Console.WriteLine($"wake-up delivery, headers: p50 {Pct(headerLatencies, 0.5):F1} ms, p99 {Pct(headerLatencies, 0.99):F1} ms, max {headerLatencies[^1]:F1} ms");
        Console.WriteLine($"wake-up delivery, whole body ({watchers[0].LastBytes / 1024.0 / 1024.0:F2} MiB): p50 {Pct(bodyLatencies, 0.5):F1} ms, p99 {Pct(bodyLatencies, 0.99):F1} ms, max {bodyLatencies[^1]:F1} ms");
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

    private sealed class Watcher(string service, bool big)
    {
        private volatile bool _armed;

        public bool Big => big;

        public bool Armed => _armed;

        public int Wakeups;

        public int Errors;

        public long LastHeaders;

        public long LastBody;

        public long LastBytes;

        public async Task RunAsync(HttpClient http, CancellationToken ct)
        {
            var index = "0";
            var first = true;
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var path = $"/v1/health/service/{service}?passing&index={index}&wait=10m";
                    var send = http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
                    if (!first)
                    {
                        _armed = true; // request is on its way; the server parks it until the index moves
                    }

                    using var res = await send.ConfigureAwait(false);
                    var headers = Stopwatch.GetTimestamp();
                    var body = await res.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                    var done = Stopwatch.GetTimestamp();
                    var next = res.Headers.GetValues("X-Consul-Index").First();
                    if (!first)
                    {
                        _armed = false;
                        LastHeaders = headers;
                        LastBody = done;
                        LastBytes = body.Length;
                        Interlocked.Increment(ref Wakeups);
                    }

                    first = false;
                    index = next;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref Errors);
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }
            }
        }
    }
}
