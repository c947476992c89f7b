using System.Globalization;
using System.Text;
using ConsulSharp.Client;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>
/// One writer appending numbers 1, 2, 3, ... to one key with check-and-set, through whichever server of a
/// <see cref="ProcessCluster"/> is running (the next one after any failure), so the key is a log of the writes the
/// cluster applied. A write is acknowledged on <c>true</c>; a CAS mismatch (<c>false</c>: not applied) is retried with
/// the same number; a write whose outcome is unknown (the connection broke, a timeout, an error status) is never
/// retried: the writer moves on to the next number, so no number can be applied twice by a retry.
/// </summary>
internal sealed class CasAppendWriter(ProcessCluster cluster, string key)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);
    private readonly List<int> _acknowledged = [];
    private int _attempted;
    private int _target;

    public int Attempted => Volatile.Read(ref _attempted);

    public int AcknowledgedCount
    {
        get
        {
            lock (_acknowledged)
            {
                return _acknowledged.Count;
            }
        }
    }

    public List<int> Acknowledged()
    {
        lock (_acknowledged)
        {
            return [.. _acknowledged];
        }
    }

    /// <summary>Writes until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await WriteAsync(Interlocked.Increment(ref _attempted), stop);
        }
    }

    /// <summary>
    /// Reads the log through a running server (a consistent read on the leader) and asserts: no number twice, no number
    /// never sent, every acknowledged number present, in acknowledgement order. Returns the log.
    /// </summary>
    public async Task<List<int>> CheckAsync(string round)
    {
        var text = await ReadAsync();
        var log = text.Length == 0 ? [] : text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        Assert.True(log.Count == log.Distinct().Count(), $"{round}: a write was applied twice: {text}");
        Assert.True(log.All(n => n >= 1 && n <= Attempted), $"{round}: a write that was never sent appeared: {text}");
        var acked = Acknowledged();
        var missing = acked.Where(n => !log.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"{round}: {missing.Count} acknowledged writes lost, e.g. {string.Join(",", missing.Take(5))}; log {text}");
        var positions = acked.Select(n => log.IndexOf(n)).ToList();
        Assert.True(positions.SequenceEqual(positions.Order()), $"{round}: acknowledged writes out of order: {text}");
        return log;
    }

    private async Task<string> ReadAsync()
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (true)
        {
            foreach (var s in cluster.RunningServers.ToList())
            {
                try
                {
                    using var t = new CancellationTokenSource(RequestTimeout);
                    var r = await s.Client.SendRawAsync(HttpMethod.Get, $"/v1/kv/{key}?raw&consistent", null, t.Token);
                    if (r.StatusCode is 200 or 404)
                    {
                        return r.StatusCode == 200 ? r.Text : "";
                    }
                }
                catch (Exception ex) when (IsTransient(ex))
                {
                }
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"could not read {key} through any server");
            await Task.Delay(100);
        }
    }

    private async Task WriteAsync(int n, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var servers = cluster.RunningServers.ToList();
            if (servers.Count == 0)
            {
                await Delay(stop);
                continue;
            }

            var server = servers[(int)((uint)Volatile.Read(ref _target) % (uint)servers.Count)];
            ConsulResponse current;
            ConsulHttpClient client;
            try
            {
                client = server.Client;
                using var t = CancellationTokenSource.CreateLinkedTokenSource(stop);
                t.CancelAfter(RequestTimeout);
                current = await client.SendRawAsync(HttpMethod.Get, $"/v1/kv/{key}?raw", null, t.Token);
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                // Nothing was sent for this number yet: try another server.
                Interlocked.Increment(ref _target);
                await Delay(stop);
                continue;
            }

            if (current.StatusCode is not (200 or 404))
            {
                Interlocked.Increment(ref _target);
                await Delay(stop);
                continue;
            }

            var value = current.StatusCode == 200 ? current.Text : "";
            var cas = current.StatusCode == 200 ? current.Index : 0;
            var next = value.Length == 0 ? n.ToString(CultureInfo.InvariantCulture) : value + "," + n.ToString(CultureInfo.InvariantCulture);
            ConsulResponse put;
            try
            {
                using var t = CancellationTokenSource.CreateLinkedTokenSource(stop);
                t.CancelAfter(RequestTimeout);
                put = await client.SendRawAsync(HttpMethod.Put, $"/v1/kv/{key}?cas={cas.ToString(CultureInfo.InvariantCulture)}", Encoding.UTF8.GetBytes(next), t.Token);
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                Interlocked.Increment(ref _target);
                return; // outcome unknown: never retry this number
            }

            if (put.StatusCode == 200 && put.Text == "true")
            {
                lock (_acknowledged)
                {
                    _acknowledged.Add(n);
                }

                return;
            }

            if (put.StatusCode != 200)
            {
                Interlocked.Increment(ref _target);
                return; // an error after the request was sent: outcome unknown
            }

            // CAS mismatch: not applied; read again and retry the same number.
        }
    }

    private static async Task Delay(CancellationToken stop)
    {
        try
        {
            await Task.Delay(50, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsTransient(Exception ex) =>
        ex is ConsulApiException or HttpRequestException or OperationCanceledException or ObjectDisposedException or InvalidOperationException;
}
