using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ConsulSharp.Bench.Http;

// HTTP-side helpers for the shell benchmarks in bench/*.sh (they need things wrk and dnsperf cannot do):
//   watch    — N long-poll watchers (GET /v1/kv/<k>?index=I&wait=5m) on 1 key or on N different keys, idle CPU/RSS of the
//              agent while they wait, then one write and the time until every watcher of that key has returned.
//   register — registers ~100 services and one 5,000-instance service through /v1/catalog/register and writes the
//              equivalent NSD zone and the dnsperf query files.
// Usage:
//   ConsulSharp.Bench.Http watch --url http://127.0.0.1:26510 --n 10000 [--keys 1] [--pid <agent pid>] [--idle 10] [--sources K] [--client epoll|raw|httpclient]
//   ConsulSharp.Bench.Http register --url http://127.0.0.1:26520 --out <dir> [--services 100] [--per-service 3] [--big 5000]
if (args.Length == 0 || args[0] is not ("watch" or "register"))
{
    Console.Error.WriteLine("usage: ConsulSharp.Bench.Http watch|register --url URL [options]  (see Program.cs)");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

return args[0] == "watch" ? await WatchAsync(options) : await RegisterAsync(options);

static int Int(Dictionary<string, string> o, string name, int fallback) =>
    o.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

static async Task<int> WatchAsync(Dictionary<string, string> o)
{
    var url = new Uri(o["url"]);
    var n = Int(o, "n", 1000);
    var keys = Int(o, "keys", 1);
    var pid = Int(o, "pid", 0);
    var idleSeconds = Int(o, "idle", 10);
    var sources = Int(o, "sources", Math.Max(1, (n + 19_999) / 20_000));
    // raw: one socket per watcher, a fixed request and a minimal response parser (a few µs of client CPU per
    // response), so the client does not take the agent's CPU on a shared machine; httpclient: .NET HttpClient.
    // epoll (default): one thread and its own epoll set read every watcher's socket (see EpollWatchers).
    var clientKind = o.GetValueOrDefault("client", "epoll");
    var rawClient = clientKind == "raw";
    // h2: HTTP/2 over the HTTPS port (--url https://...), up to 250 watchers per connection (Consul's and our stream
    // limit), so more watchers than the process may open sockets (RLIMIT_NOFILE) can wait at once.
    var h2Client = clientKind == "h2";
    var epollClient = clientKind == "epoll";
    var prefix = "fanout/" + n.ToString(CultureInfo.InvariantCulture) + "-" + keys.ToString(CultureInfo.InvariantCulture) + "-" +
        Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    // Setup on its own client so the watcher client's connection count is exactly the watchers.
    using (var setup = new HttpClient(new SocketsHttpHandler { UseProxy = false, SslOptions = { RemoteCertificateValidationCallback = TrustCa(o.GetValueOrDefault("ca")) } }) { BaseAddress = url })
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, keys), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (k, ct) =>
        {
            using var body = new StringContent("v0");
            using var r = await setup.PutAsync($"/v1/kv/{prefix}/k{k}", body, ct);
            r.EnsureSuccessStatusCode();
        });
    }

    var indexes = new ulong[keys];
    using (var setup = new HttpClient(new SocketsHttpHandler { UseProxy = false, SslOptions = { RemoteCertificateValidationCallback = TrustCa(o.GetValueOrDefault("ca")) } }) { BaseAddress = url })
    {
        using var doc = JsonDocument.Parse(await setup.GetStringAsync($"/v1/kv/{prefix}/?recurse"));
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var key = e.GetProperty("Key").GetString()!;
            var k = int.Parse(key.AsSpan(key.LastIndexOf('k') + 1), CultureInfo.InvariantCulture);
            indexes[k] = e.GetProperty("ModifyIndex").GetUInt64();
        }
    }

    // The agent's own idle CPU (no watchers), to compare with the CPU while watchers wait.
    var (baseBefore, _) = AgentCpu(pid);
    var baseWatch = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
    var (baseAfter, baseRssKib) = AgentCpu(pid);
    var baseCpuPercent = pid > 0 ? (baseAfter - baseBefore) / 100.0 / baseWatch.Elapsed.TotalSeconds * 100 : double.NaN;

    var connected = 0;
    var sourceCounter = 0;
    using var connectGate = new SemaphoreSlim(256);
    var handler = new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(20),
        UseProxy = false,
        EnableMultipleHttp2Connections = true,
        SslOptions = { RemoteCertificateValidationCallback = TrustCa(o.GetValueOrDefault("ca")) }, // --ca: the bench's own CA
        ConnectCallback = async (ctx, ct) =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await connectGate.WaitAsync(ct);
            try
            {
                if (sources > 1)
                {
                    // Each loopback source address has its own ephemeral port range (28k ports by default).
                    var i = Interlocked.Increment(ref sourceCounter);
                    s.Bind(new IPEndPoint(new IPAddress([127, 0, 0, (byte)(2 + (i % sources))]), 0));
                }

                await s.ConnectAsync(ctx.DnsEndPoint, ct);
                Interlocked.Increment(ref connected);
                return new NetworkStream(s, ownsSocket: true);
            }
            catch
            {
                s.Dispose();
                throw;
            }
            finally
            {
                connectGate.Release();
            }
        },
    };
    using var http = new HttpClient(handler) { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
    if (h2Client)
    {
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
    }
    using var cts = new CancellationTokenSource();

    var returnedAt = new long[n];
    var sockets = new Socket?[n];
    var status = new int[n];
    var errors = new string?[n];
    long writeAt = long.MaxValue;
    var start = Stopwatch.GetTimestamp();
    var tasks = new Task[n];
    using var epoll = epollClient ? new EpollWatchers(n) : null;
    if (epoll is not null)
    {
        for (var i = 0; i < n; i++)
        {
            tasks[i] = epoll.Completion(i);
        }

        var server = new IPEndPoint(IPAddress.Parse(url.Host), url.Port);
        _ = Task.Run(() =>
        {
            for (var i = 0; i < n; i++)
            {
                var k = i % keys;
                var request = Encoding.ASCII.GetBytes($"GET /v1/kv/{prefix}/k{k}?index={indexes[k]}&wait=5m HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
                var source = sources > 1 ? new IPAddress([127, 0, 0, (byte)(2 + (i % sources))]) : null;
                epoll.Start(i, server, source, request);
                Interlocked.Increment(ref connected);
            }
        });
    }
    else
    {
        for (var i = 0; i < n; i++)
        {
            tasks[i] = rawClient ? WatchOneRaw(i) : WatchOne(i);
        }
    }

    // The epoll client keeps its own per-watcher results; copy them where the other clients write theirs.
    void CollectEpoll()
    {
        if (epoll is not null)
        {
            Array.Copy(epoll.Status, status, n);
            Array.Copy(epoll.ReturnedAt, returnedAt, n);
            Array.Copy(epoll.Errors, errors, n);
        }
    }

    async Task WatchOneRaw(int i)
    {
        var k = i % keys;
        // The connection stays open after the response (closed after the measurement), as a keep-alive client's
        // would: closing 10,000 connections during the measurement would charge their teardown to the fan-out.
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        sockets[i] = s;
        try
        {
            await connectGate.WaitAsync(cts.Token);
            try
            {
                if (sources > 1)
                {
                    var c = Interlocked.Increment(ref sourceCounter);
                    s.Bind(new IPEndPoint(new IPAddress([127, 0, 0, (byte)(2 + (c % sources))]), 0));
                }

                await s.ConnectAsync(url.Host, url.Port, cts.Token);
                Interlocked.Increment(ref connected);
            }
            finally
            {
                connectGate.Release();
            }

            var request = Encoding.ASCII.GetBytes($"GET /v1/kv/{prefix}/k{k}?index={indexes[k]}&wait=5m HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
            // Touch the buffer now: a fresh array can sit on pages the kernel maps only at first write, and a page
            // fault inside recv() at wake-up time would be charged to the fan-out.
            var buffer = new byte[1024];
            buffer[0] = 1;
            buffer[^1] = 1;
            await s.SendAsync(request, SocketFlags.None, cts.Token);
            var length = 0;
            while (true)
            {
                var read = await s.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cts.Token);
                if (read == 0)
                {
                    throw new HttpRequestException("connection closed before the response was complete");
                }

                length += read;
                if (RawHttp.ResponseComplete(buffer.AsSpan(0, length), out var code))
                {
                    status[i] = code;
                    break;
                }

                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            status[i] = 0;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException)
        {
            status[i] = -1;
            errors[i] = e.Message;
        }

        returnedAt[i] = Stopwatch.GetTimestamp();
    }

    async Task WatchOne(int i)
    {
        var k = i % keys;
        try
        {
            using var r = await http.GetAsync($"/v1/kv/{prefix}/k{k}?index={indexes[k]}&wait=5m", HttpCompletionOption.ResponseContentRead, cts.Token);
            status[i] = (int)r.StatusCode;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            status[i] = 0; // ended by us after the measurement
        }
        catch (HttpRequestException e)
        {
            status[i] = -1;
            errors[i] = e.Message;
        }

        returnedAt[i] = Stopwatch.GetTimestamp();
    }

    // Ramp: wait until every watcher has its own connection (HTTP/2: until the agent's consul.rpc.queries_blocking gauge
    // counts them all), then let the last requests reach the server.
    while ((h2Client ? await BlockingQueriesAsync() : Volatile.Read(ref connected)) < n && Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(h2Client ? 600 : 180) && !tasks.All(t => t.IsCompleted))
    {
        await Task.Delay(h2Client ? 500 : 100);
    }

    async Task<int> BlockingQueriesAsync()
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/v1/agent/metrics"));
        return doc.RootElement.GetProperty("Gauges").EnumerateArray()
            .Where(g => g.GetProperty("Name").GetString() == "consul.rpc.queries_blocking")
            .Select(g => (int)g.GetProperty("Value").GetDouble()).FirstOrDefault();
    }

    var ramp = Stopwatch.GetElapsedTime(start);
    await Task.Delay(TimeSpan.FromSeconds(2));

    var (cpuBefore, _) = AgentCpu(pid);
    var idleWatch = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
    var (cpuAfter, rssKib) = AgentCpu(pid);
    var idleCpuPercent = pid > 0 ? (cpuAfter - cpuBefore) / 100.0 / idleWatch.Elapsed.TotalSeconds * 100 : double.NaN;

    CollectEpoll();
    var early = tasks.Count(t => t.IsCompleted);
    var earlyErrors = errors.Where(e => e is not null).Take(3).ToList();

    // One write to key 0.
    var expected = Enumerable.Range(0, n).Count(i => i % keys == 0);
    var (wakeCpuBefore, _) = AgentCpu(pid);
    var clientCpuBefore = Environment.CpuUsage.TotalTime;
    Volatile.Write(ref writeAt, Stopwatch.GetTimestamp());
    using (var body = new StringContent("v1"))
    {
        using var r = await http.PutAsync($"/v1/kv/{prefix}/k0", body);
        r.EnsureSuccessStatusCode();
    }

    var putMs = Stopwatch.GetElapsedTime(writeAt).TotalMilliseconds;
    var woken = Enumerable.Range(0, n).Where(i => i % keys == 0).Select(i => tasks[i]).ToArray();
    var allDone = Task.WhenAll(woken);
    await Task.WhenAny(allDone, Task.Delay(TimeSpan.FromSeconds(60)));
    // CPU spent by the agent (and by this client) from the write until the last watcher returned: a measure of the
    // wake-up's cost that does not depend on how busy the machine is.
    var (wakeCpuAfter, _) = AgentCpu(pid);
    var clientCpuMs = (Environment.CpuUsage.TotalTime - clientCpuBefore).TotalMilliseconds;
    var wakeCpuMs = (wakeCpuAfter - wakeCpuBefore) * 10.0;
    if (keys > 1)
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // would any other key's watcher wake too?
    }

    CollectEpoll();
    var afterWrite = Enumerable.Range(0, n).Where(i => tasks[i].IsCompleted && returnedAt[i] >= writeAt).ToArray();
    var latencies = afterWrite.Where(i => i % keys == 0 && status[i] == 200)
        .Select(i => Stopwatch.GetElapsedTime(writeAt, returnedAt[i]).TotalMilliseconds).Order().ToArray();
    var wrongWakes = afterWrite.Count(i => i % keys != 0);
    var failed = Enumerable.Range(0, n).Count(i => status[i] < 0 || (status[i] > 0 && status[i] != 200));

    // --linger S keeps the connections open a while after the measurement (so a profiler's window can exclude the
    // teardown of N connections).
    await Task.Delay(TimeSpan.FromSeconds(Int(o, "linger", 0)));
    epoll?.Stop();
    await cts.CancelAsync();
    await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(TimeSpan.FromSeconds(30)));
    foreach (var s in sockets)
    {
        s?.Dispose();
    }


    static string Ms(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
    double P(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"RESULT n={n} keys={keys} ramp_s={ramp.TotalSeconds:0.0} base_cpu_pct={baseCpuPercent:0.0} base_rss_mib={baseRssKib / 1024} idle_cpu_pct={idleCpuPercent:0.0} agent_rss_mib={rssKib / 1024} early_returns={early} " +
        $"put_ms={Ms(putMs)} expected_wakes={expected} woken_ok={latencies.Length} wrong_wakes={wrongWakes} " +
        $"all_ms={Ms(latencies.Length > 0 ? latencies[^1] : double.NaN)} p50_ms={Ms(P(0.50))} p99_ms={Ms(P(0.99))} " +
        $"agent_wake_cpu_ms={wakeCpuMs:0} client_wake_cpu_ms={clientCpuMs:0} errors={failed}"));
    foreach (var e in earlyErrors.Concat(errors.Where(e => e is not null).Take(3)).Distinct())
    {
        Console.WriteLine("error: " + e);
    }

    return failed == 0 && latencies.Length == expected && wrongWakes == 0 ? 0 : 1;
}

// utime+stime of a process in clock ticks (100/s on Linux), and its RSS in KiB.
static (long Ticks, long RssKib) AgentCpu(int pid)
{
    if (pid <= 0)
    {
        return (0, 0);
    }

    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    var rss = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return (ticks, long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
}

static async Task<int> RegisterAsync(Dictionary<string, string> o)
{
    var url = new Uri(o["url"]);
    var outDir = o["out"];
    var services = Int(o, "services", 100);
    var perService = Int(o, "per-service", 3);
    var big = Int(o, "big", 5000);
    const int SmallNodes = 30;
    Directory.CreateDirectory(outDir);

    var registrations = new List<string>();
    var zone = new StringBuilder();
    zone.Append("$ORIGIN consul.\n$TTL 0\n@ IN SOA ns.consul. hostmaster.consul. 1 3600 600 86400 0\n@ IN NS ns.consul.\nns IN A 127.0.0.1\n");
    static string NodeAddress(int net, int i) => $"10.{net}.{i / 250}.{(i % 250) + 1}";
    for (var i = 0; i < SmallNodes; i++)
    {
        zone.Append(CultureInfo.InvariantCulture, $"node-s{i:D3}.node.dc1 IN A {NodeAddress(1, i)}\n");
    }

    var queries = new StringBuilder();
    for (var s = 0; s < services; s++)
    {
        var name = $"svc-{s:D3}";
        for (var j = 0; j < perService; j++)
        {
            var node = ((s * perService) + j) % SmallNodes;
            var port = 20000 + (s * perService) + j;
            registrations.Add(Registration($"node-s{node:D3}", NodeAddress(1, node), $"{name}-{j}", name, port));
            zone.Append(CultureInfo.InvariantCulture, $"{name}.service IN A {NodeAddress(1, node)}\n");
            zone.Append(CultureInfo.InvariantCulture, $"{name}.service IN SRV 1 1 {port} node-s{node:D3}.node.dc1\n");
        }

        queries.Append(CultureInfo.InvariantCulture, $"{name}.service.consul A\n{name}.service.consul SRV\n");
    }

    for (var i = 0; i < big; i++)
    {
        registrations.Add(Registration($"node-b{i:D5}", NodeAddress(2, i), $"big-{i}", "big", 8080));
    }

    // NSD cannot shuffle 5,000 instances into a 3-record answer: its zone holds the 3 records a non-EDNS client gets.
    for (var i = 0; i < Math.Min(big, perService); i++)
    {
        zone.Append(CultureInfo.InvariantCulture, $"node-b{i:D5}.node.dc1 IN A {NodeAddress(2, i)}\n");
        zone.Append(CultureInfo.InvariantCulture, $"big.service IN A {NodeAddress(2, i)}\n");
        zone.Append(CultureInfo.InvariantCulture, $"big.service IN SRV 1 1 8080 node-b{i:D5}.node.dc1\n");
    }

    await File.WriteAllTextAsync(Path.Combine(outDir, "consul.zone"), zone.ToString());
    await File.WriteAllTextAsync(Path.Combine(outDir, "queries-small.txt"), queries.ToString());
    await File.WriteAllTextAsync(Path.Combine(outDir, "queries-big.txt"), "big.service.consul A\nbig.service.consul SRV\n");

    var sw = Stopwatch.StartNew();
    using var http = new HttpClient { BaseAddress = url };
    await Parallel.ForEachAsync(registrations, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (json, ct) =>
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        using var r = await http.PutAsync("/v1/catalog/register", body, ct);
        if (!r.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"register failed: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(ct)}");
        }
    });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"registered {registrations.Count} instances in {sw.Elapsed.TotalSeconds:0.0} s"));
    return 0;
}

static string Registration(string node, string address, string id, string service, int port) =>
    string.Create(CultureInfo.InvariantCulture,
        $$$"""{"Node":"{{{node}}}","Address":"{{{address}}}","Service":{"ID":"{{{id}}}","Service":"{{{service}}}","Port":{{{port}}}}}""");

// --ca <pem>: trust the agent's certificate when it chains to that CA (the bench makes its own); default validation without.
static System.Net.Security.RemoteCertificateValidationCallback? TrustCa(string? caFile)
{
    if (caFile is null)
    {
        return null;
    }

    var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
    return (_, cert, _, _) =>
    {
        if (cert is not System.Security.Cryptography.X509Certificates.X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    };
}
