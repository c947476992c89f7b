using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsulSharp.Client;
using ConsulSharp.Testing.Linearizability;
using ConsulSharp.Testing.Netns;

namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>
/// Network faults against three <c>consul agent -server</c> processes, each in its own Linux network namespace
/// (<see cref="NetnsLab"/>): partitions and packet loss are nftables drop rules; there is no delay injection (no netem
/// in this kernel). Rounds of the linearizability workload: <c>CONSULSHARP_NETNS_ROUNDS</c> (default 1 for CI).
/// Skipped unless running as root with <c>ip netns</c> and <c>nft</c>.
/// </summary>
public sealed class PartitionTests(NetnsClusterFixture fixture) : IClassFixture<NetnsClusterFixture>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IsolationTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The consistency mode of the workload's reads: <c>consistent</c>; <c>CONSULSHARP_NETNS_READ_MODE=stale</c> is a
    /// negative control (stale reads from a cut-off node are not linearizable, and the checker must say so).
    /// </summary>
    private static string ReadMode => Environment.GetEnvironmentVariable("CONSULSHARP_NETNS_READ_MODE") is { Length: > 0 } m ? m : "consistent";

    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("CONSULSHARP_NETNS_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    private static void Log(string line)
    {
        var stamped = $"[test {TimeProvider.System.GetUtcNow():HH:mm:ss.fff}] {line}";
        TestContext.Current.TestOutputHelper?.WriteLine(stamped);
        if (Environment.GetEnvironmentVariable("CONSULSHARP_NETNS_LOG") is { Length: > 0 } file)
        {
            File.AppendAllText(file, stamped + "\n"); // for repeated runs, which print nothing when they pass
        }
    }

    private async Task<NetnsConsulCluster> ClusterAsync()
    {
        if (NetnsLab.UnavailableReason() is { } reason)
        {
            Assert.Skip(reason);
        }

        var cluster = await fixture.GetAsync(Ct);
        var sw = Stopwatch.StartNew();
        var leader = await cluster.WaitForAgreedLeaderAsync(cluster.NodeIndexes, Converge, Ct);

        // Every test starts from three voters: after an earlier test's long partition the cut-off server comes back
        // as a non-voter and is promoted only after autopilot's stabilization time.
        await cluster.WaitForAllVotersAsync(leader, Converge, Ct);
        leader = await cluster.WaitForAgreedLeaderAsync(cluster.NodeIndexes, Converge, Ct);
        Log($"cluster ready, leader n{leader} ({sw.ElapsedMilliseconds} ms)");
        return cluster;
    }

    [Fact]
    public async Task Isolated_leader_steps_down_refuses_writes_and_converges_after_heal()
    {
        var cluster = await ClusterAsync();
        var all = cluster.NodeIndexes.ToList();
        var old = await cluster.WaitForAgreedLeaderAsync(all, Converge, Ct);

        // `ip netns exec` execs in place: the process the harness holds (and SIGKILLs on dispose) is consul itself.
        Assert.Equal("consul", (await File.ReadAllTextAsync($"/proc/{cluster.Agent(old).Pid}/comm", Ct)).Trim());
        Assert.Equal("true", (await cluster.Client(old).SendRawAsync(HttpMethod.Put, "/v1/kv/part/before", "1"u8.ToArray(), Ct)).Text);

        await cluster.Lab.IsolateAsync(old, Ct);
        var sw = Stopwatch.StartNew();
        var majority = all.Where(n => n != old).ToList();
        var elected = await cluster.WaitForAgreedLeaderAsync(majority, Converge, Ct);
        Log($"isolated n{old}; majority elected n{elected} after {sw.ElapsedMilliseconds} ms");
        Assert.NotEqual(old, elected);
        await UntilAsync("the isolated leader steps down", async () => await cluster.LeaderSeenByAsync(old, Ct) == 0, Converge);
        Log($"n{old} stepped down after {sw.ElapsedMilliseconds} ms");

        // The majority keeps committing, through a follower too (forwarded to the new leader).
        var follower = majority.First(n => n != elected);
        Assert.Equal("true", (await cluster.Client(follower).SendRawAsync(HttpMethod.Put, "/v1/kv/part/during", "2"u8.ToArray(), Ct)).Text);

        // The isolated node serves stale reads from its own state and says it knows no leader.
        var isolated = cluster.Client(old);
        var stale = await isolated.SendRawAsync(HttpMethod.Get, "/v1/kv/part/before?stale", null, Ct);
        Assert.Equal(200, stale.StatusCode);
        Assert.Equal("false", stale.Header("X-Consul-KnownLeader"));
        Assert.Equal(404, (await isolated.SendRawAsync(HttpMethod.Get, "/v1/kv/part/during?stale", null, Ct)).StatusCode);

        // Writes and default reads are held for the leader wait and then refused, as Consul does.
        var write = isolated.SendRawAsync(HttpMethod.Put, "/v1/kv/part/minority", "x"u8.ToArray(), Ct);
        var read = isolated.SendRawAsync(HttpMethod.Get, "/v1/kv/part/before", null, Ct);
        foreach (var r in await Task.WhenAll(write, read))
        {
            Assert.Equal(500, r.StatusCode);
            Assert.Equal("No cluster leader", r.Text);
        }

        // Keep the partition long enough for TCP's retransmission backoff on the stalled Raft connections to grow to
        // 13-26 s between attempts (measured before the fix: 24-25 s from heal to agreement): the old leader must hear
        // the new one within a few seconds of the heal, which needs the connections to be dropped and reopened.
        var remaining = IsolationTime - sw.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, Ct);
        }

        await cluster.Lab.HealAsync(Ct);
        sw.Restart();
        var agreed = cluster.WaitForAgreedLeaderAsync(all, Converge, Ct);
        if (await Task.WhenAny(agreed, Task.Delay(RecoveryBound, Ct)) != agreed)
        {
            Log($"no agreement {RecoveryBound} after the heal; state of the nodes:\n{await cluster.DiagnoseAsync()}");
        }

        var healed = await agreed;
        Log($"healed; all agree on n{healed} after {sw.ElapsedMilliseconds} ms");
        // By the heal, autopilot has removed the isolated server from the Raft configuration (dead-server cleanup,
        // 10 s after gossip marked it failed); it hears the leader again once gossip sees it alive and the leader
        // re-adds it. That takes under a second when the heal comes within memberlist's gossip-to-the-dead window
        // (30 s after it was declared dead), as here; later heals wait for serf's reconnect (every 30 s), as in Consul.
        // Under CI load the window can be missed, so the 10 s bound is opt-in (CONSULSHARP_NETNS_STRICT_RECOVERY=1).
        if (Environment.GetEnvironmentVariable("CONSULSHARP_NETNS_STRICT_RECOVERY") == "1")
        {
            Assert.True(sw.Elapsed < RecoveryBound, $"the old leader heard the new one only {sw.Elapsed} after the heal");
        }

        // The old leader's data converges to the majority's: same keys, values and indexes on every node, a few
        // round trips after it hears the leader (before the idle-probe fix: 11-12 s, or not until the next write).
        var agreedAt = sw.Elapsed;
        string[] exports = [];
        var diagnosed = false;
        await UntilAsync("every node holds the same KV data", async () =>
        {
            if (!diagnosed && sw.Elapsed > RecoveryBound / 2)
            {
                diagnosed = true;
                Log($"data not converged {sw.Elapsed} after the heal; state of the nodes:\n{await cluster.DiagnoseAsync()}");
            }

            exports = await Task.WhenAll(all.Select(async n => (await cluster.Client(n).SendRawAsync(HttpMethod.Get, "/v1/kv/part/?recurse&stale", null, Ct)).Text));
            return exports.All(e => e == exports[0]) && exports[0].Contains("part/during", StringComparison.Ordinal);
        }, Converge);
        Log($"data converged after {sw.ElapsedMilliseconds} ms");
        Assert.True(sw.Elapsed - agreedAt < RecoveryBound, $"data converged only {sw.Elapsed - agreedAt} after the nodes agreed on a leader");
        Assert.DoesNotContain("part/minority", exports[0], StringComparison.Ordinal);
        Assert.Contains("part/before", exports[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cas_registers_stay_linearizable_across_partitions_heals_and_packet_loss()
    {
        var cluster = await ClusterAsync();
        var all = cluster.NodeIndexes.ToList();
        var keys = new[] { "lin/a", "lin/b", "lin/c" };
        var recorder = new HistoryRecorder();
        var stats = new WorkloadStats();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var workers = Enumerable.Range(1, 4).Select(w => Task.Run(() => WorkerAsync(cluster, w, keys, recorder, stats, stop.Token), CancellationToken.None)).ToList();
        var random = new Random();
        try
        {
            await Task.Delay(1000, Ct);
            for (var round = 1; round <= Rounds; round++)
            {
                var leader = await cluster.WaitForAgreedLeaderAsync(all, Converge, Ct);
                Log($"round {round}: isolating leader n{leader}");
                await cluster.Lab.IsolateAsync(leader, Ct);
                await Task.Delay(4000, Ct);
                await cluster.Lab.HealAsync(Ct);
                leader = await cluster.WaitForAgreedLeaderAsync(all, Converge, Ct);
                Log($"round {round}: healed, leader n{leader}; {stats}");

                var follower = all.Where(n => n != leader).ElementAt(random.Next(all.Count - 1));
                Log($"round {round}: leader n{leader} cut off from n{follower} one way (n{leader} -> n{follower} dropped)");
                await cluster.Lab.PartitionOneWayAsync([leader], [follower], Ct);
                await Task.Delay(3000, Ct);
                await cluster.Lab.HealAsync(Ct);
                leader = await cluster.WaitForAgreedLeaderAsync(all, Converge, Ct);

                Log($"round {round}: 30% loss on every node");
                foreach (var n in all)
                {
                    await cluster.Lab.LossAsync(n, 30, cancellationToken: Ct);
                }

                await Task.Delay(4000, Ct);
                await cluster.Lab.HealAsync(Ct);
                leader = await cluster.WaitForAgreedLeaderAsync(all, Converge, Ct);
                Log($"round {round}: healed, leader n{leader}; {stats}");
                await Task.Delay(1000, Ct);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            await cluster.Lab.HealAsync(CancellationToken.None);
        }

        // Final reads from every node (linearizable reads, recorded): every acknowledged write must be visible.
        foreach (var key in keys)
        {
            foreach (var n in all)
            {
                Assert.True(await ReadAsync(cluster.Client(n), 900 + n, key, recorder, TimeSpan.FromSeconds(30), Ct) is not null, $"final read of {key} on n{n} failed");
            }
        }

        var history = recorder.Operations;
        var sw = Stopwatch.StartNew();
        var result = LinearizabilityChecker.Check(history);
        Log($"{history.Count} operations ({stats}); checked in {sw.ElapsedMilliseconds} ms: {(result.IsLinearizable ? "linearizable" : "NOT linearizable")}");
        Assert.True(result.IsLinearizable, result.ToString());
        Assert.True(stats.CasOk >= 20, $"too few successful writes to mean anything: {stats}");

        // Every node's own (stale) copy converges to the committed values.
        await UntilAsync("every node's stale copy of the registers converges", async () =>
        {
            foreach (var key in keys)
            {
                var values = await Task.WhenAll(all.Select(async n => (await cluster.Client(n).SendRawAsync(HttpMethod.Get, $"/v1/kv/{key}?stale&raw", null, Ct)).Text));
                if (values.Any(v => v != values[0]))
                {
                    return false;
                }
            }

            return true;
        }, Converge);
    }

    [Fact]
    public async Task Cluster_keeps_committing_with_heavy_loss_on_one_follower()
    {
        var cluster = await ClusterAsync();
        var all = cluster.NodeIndexes.ToList();
        var leader = await cluster.WaitForAgreedLeaderAsync(all, Converge, Ct);
        var lossy = all.First(n => n != leader);
        await cluster.Lab.LossAsync(lossy, 20, cancellationToken: Ct);
        var sw = Stopwatch.StartNew();
        var written = 0;
        try
        {
            while (sw.Elapsed < TimeSpan.FromSeconds(6))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var r = await cluster.Client(leader).SendRawAsync(HttpMethod.Put, "/v1/kv/loss/counter", Encoding.UTF8.GetBytes(written.ToString(CultureInfo.InvariantCulture)), timeout.Token);
                if (r.StatusCode != 200 || r.Text != "true")
                {
                    Log($"write {written} failed; state of the nodes:\n{await cluster.DiagnoseAsync(150)}");
                    Assert.Fail($"write {written} under 20% loss on n{lossy} failed: {r.StatusCode} {r.Text}");
                }

                written++;
            }
        }
        finally
        {
            await cluster.Lab.HealAsync(CancellationToken.None);
        }

        Log($"{written} writes in {sw.ElapsedMilliseconds} ms with 20% loss on follower n{lossy}");
        Assert.True(written >= 20, $"only {written} writes committed in 6 s");
        Assert.Equal(leader, await cluster.WaitForAgreedLeaderAsync(all, Converge, Ct));
        var expected = (written - 1).ToString(CultureInfo.InvariantCulture);
        await UntilAsync($"n{lossy} catches up", async () => (await cluster.Client(lossy).SendRawAsync(HttpMethod.Get, "/v1/kv/loss/counter?stale&raw", null, Ct)).Text == expected, Converge);
    }

    private static async Task WorkerAsync(NetnsConsulCluster cluster, int worker, string[] keys, HistoryRecorder recorder, WorkloadStats stats, CancellationToken stop)
    {
        var random = new Random(worker * 7919 + Environment.TickCount);
        var generation = 0;
        var seq = 0;
        var nodes = cluster.NodeIndexes.ToList();
        while (!stop.IsCancellationRequested)
        {
            var client = (worker * 1000) + generation;
            var key = keys[random.Next(keys.Length)];
            var http = cluster.Client(nodes[random.Next(nodes.Count)]);
            var current = await ReadAsync(http, client, key, recorder, TimeSpan.FromSeconds(10), stop, stats);
            if (current is null || random.Next(4) == 0)
            {
                continue; // a read-only step (or the read failed: nothing to compare against)
            }

            var value = $"w{worker}-{seq++}";
            var op = new RegisterOp(client, key, RegisterOpKind.Cas, HistoryRecorder.Now, null) { Expected = current.Value.Value, Value = value };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                var r = await http.SendRawAsync(HttpMethod.Put, $"/v1/kv/{key}?cas={current.Value.Index.ToString(CultureInfo.InvariantCulture)}", Encoding.UTF8.GetBytes(value), timeout.Token);
                if (r.StatusCode == 200 && r.Text is "true" or "false")
                {
                    recorder.Completed(op with { CasSucceeded = r.Text == "true" });
                    stats.Count(r.Text == "true" ? WorkloadOutcome.CasOk : WorkloadOutcome.CasFailed);
                    continue;
                }
            }
            catch (Exception ex) when (ex is ConsulApiException or OperationCanceledException)
            {
            }

            // No answer, or an error: the write may or may not have happened (a forwarded write can commit after the
            // leader that took it lost contact). Unknown, and this client's later ops belong to a new client id.
            recorder.Unknown(op);
            stats.Count(WorkloadOutcome.Unknown);
            generation++;
        }
    }

    /// <summary>A read (<c>?consistent</c> unless <see cref="ReadMode"/> says otherwise), recorded; null when it got no answer (reads have no effect, so nothing is recorded).</summary>
    private static async Task<(string? Value, ulong Index)?> ReadAsync(ConsulHttpClient http, int client, string key, HistoryRecorder recorder, TimeSpan timeout, CancellationToken ct, WorkloadStats? stats = null)
    {
        var invoke = HistoryRecorder.Now;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            var r = await http.SendRawAsync(HttpMethod.Get, $"/v1/kv/{key}?{ReadMode}", null, cts.Token);
            (string? Value, ulong Index)? result = r.StatusCode switch
            {
                200 => Decode(r.Text),
                404 => (null, 0UL),
                _ => null,
            };
            if (result is { } v)
            {
                recorder.Completed(new RegisterOp(client, key, RegisterOpKind.Read, invoke, null) { Output = v.Value });
                stats?.Count(WorkloadOutcome.Read);
            }
            else
            {
                stats?.Count(WorkloadOutcome.ReadFailed);
            }

            return result;
        }
        catch (Exception ex) when (ex is ConsulApiException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            stats?.Count(WorkloadOutcome.ReadFailed);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static (string? Value, ulong Index) Decode(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var e = doc.RootElement[0];
        var value = e.GetProperty("Value").ValueKind == JsonValueKind.Null ? "" : Encoding.UTF8.GetString(e.GetProperty("Value").GetBytesFromBase64());
        return (value, e.GetProperty("ModifyIndex").GetUInt64());
    }

    private async Task UntilAsync(string what, Func<Task<bool>> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!await condition())
        {
            if (sw.Elapsed >= timeout)
            {
                var cluster = await fixture.GetAsync(Ct);
                Log(await cluster.DiagnoseAsync());
                Assert.Fail($"timed out after {timeout} waiting for: {what}");
            }

            await Task.Delay(100, Ct);
        }
    }
}
