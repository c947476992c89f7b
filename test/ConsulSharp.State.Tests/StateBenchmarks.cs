using System.Diagnostics;
using System.Globalization;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Tests;

/// <summary>
/// Micro-benchmarks, skipped unless CONSULSHARP_STATE_BENCH=1 (they take ~1 minute and ~2 GiB). Numbers are recorded
/// in docs/subsystems/state.md.
/// </summary>
public sealed class StateBenchmarks
{
    private static bool Enabled => Environment.GetEnvironmentVariable("CONSULSHARP_STATE_BENCH") == "1";

    private static TimeSpan Cpu => Process.GetCurrentProcess().TotalProcessorTime;

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "consulsharp-state-bench.txt"), line + Environment.NewLine);
    }

    [Fact]
    public void Kv_write_and_read_throughput()
    {
        Assert.SkipUnless(Enabled, "set CONSULSHARP_STATE_BENCH=1");
        var store = new StateStore(TimeProvider.System);
        var value = new byte[128];
        const int preload = 100_000;
        ulong idx = 1;
        for (var i = 0; i < preload; i++)
        {
            store.KvSet(idx++, new KvEntry { Key = "bench/" + i.ToString("D7", CultureInfo.InvariantCulture), Value = value });
        }

        const int writes = 300_000;
        var keys = Enumerable.Range(0, writes).Select(i => "bench/" + (i * 7919 % 200_000).ToString("D7", CultureInfo.InvariantCulture)).ToArray();
        var entries = keys.Select((k, i) => new KvEntry { Key = k, Value = BitConverter.GetBytes(i) }).ToArray();
        var cpu = Cpu;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < writes; i++)
        {
            store.KvSet(idx++, entries[i]);
        }

        sw.Stop();
        Report($"KvSet: {writes / sw.Elapsed.TotalSeconds:N0} writes/s wall, {writes / (Cpu - cpu).TotalSeconds:N0} writes per CPU-second ({store.Current.KvCount:N0} keys)");

        var snap = store.Current;
        const int reads = 2_000_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        cpu = Cpu;
        sw.Restart();
        var found = 0;
        for (var i = 0; i < reads; i++)
        {
            if (snap.KvGet(keys[i % writes]).Value is not null)
            {
                found++;
            }
        }

        sw.Stop();
        var alloc = GC.GetAllocatedBytesForCurrentThread() - before;
        Report($"KvGet: {reads / sw.Elapsed.TotalSeconds:N0} reads/s wall, {reads / (Cpu - cpu).TotalSeconds:N0} reads per CPU-second, {alloc / (double)reads:F1} B allocated per read ({found} found)");

        sw.Restart();
        var listed = 0;
        for (var i = 0; i < 10_000; i++)
        {
            listed += snap.KvList("bench/00012").Value.Count;
        }

        sw.Stop();
        Report($"KvList of a 100-key prefix: {10_000 / sw.Elapsed.TotalSeconds:N0} lists/s/core");

        sw.Restart();
        var txnOps = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var r = store.Txn(idx++, [new TxnKvOp(TxnKvVerb.Set, entries[i]), new TxnKvOp(TxnKvVerb.CheckNotExists, new KvEntry { Key = "nope" })]);
            txnOps += r.Results.Count;
        }

        sw.Stop();
        Report($"Txn (2 ops): {50_000 / sw.Elapsed.TotalSeconds:N0} txns/s");
    }

    [Fact]
    public void Memory_for_one_million_1kib_keys_and_snapshot_timings()
    {
        Assert.SkipUnless(Enabled, "set CONSULSHARP_STATE_BENCH=1");
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        var baseline = GC.GetTotalMemory(true);
        var store = new StateStore(TimeProvider.System);
        var rng = new Random(1);
        var cpu = Cpu;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 1_000_000; i++)
        {
            var value = new byte[1024];
            rng.NextBytes(value);
            store.KvSet((ulong)i + 1, new KvEntry { Key = "config/service-" + (i % 1000).ToString(CultureInfo.InvariantCulture) + "/key-" + i.ToString("D7", CultureInfo.InvariantCulture), Value = value });
        }

        sw.Stop();
        Report($"Loaded 1M 1 KiB keys in {sw.Elapsed.TotalSeconds:F1} s wall ({1_000_000 / sw.Elapsed.TotalSeconds:N0} writes/s), {(Cpu - cpu).TotalSeconds:F1} s CPU");
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        var used = GC.GetTotalMemory(true) - baseline;
        Report($"Managed heap for 1M 1 KiB keys: {used / 1024.0 / 1024.0:N0} MiB ({used / 1_000_000.0:N0} B/key, value 1024 B); process working set {Environment.WorkingSet / 1024.0 / 1024.0:N0} MiB");

        var path = Path.Combine(Path.GetTempPath(), "consulsharp-state-bench-" + Environment.ProcessId + ".snap");
        try
        {
            cpu = Cpu;
            sw.Restart();
            using (var f = File.Create(path))
            {
                StateStore.WriteSnapshot(store.Current, f);
            }

            sw.Stop();
            var size = new FileInfo(path).Length;
            Report($"Snapshot write: {sw.Elapsed.TotalSeconds:F1} s wall, {(Cpu - cpu).TotalSeconds:F1} s CPU, {size / 1024.0 / 1024.0:N0} MiB");
            var target = new StateStore(TimeProvider.System);
            cpu = Cpu;
            sw.Restart();
            using (var f = File.OpenRead(path))
            {
                target.Restore(f);
            }

            sw.Stop();
            Report($"Snapshot restore: {sw.Elapsed.TotalSeconds:F1} s wall, {(Cpu - cpu).TotalSeconds:F1} s CPU; process working set {Environment.WorkingSet / 1024.0 / 1024.0:N0} MiB with both stores live");
            Assert.Equal(1_000_000, target.Current.KvCount);
        }
        finally
        {
            File.Delete(path);
        }

        GC.KeepAlive(store);
    }

    [Fact]
    public async Task Wake_latency_of_ten_thousand_waiters()
    {
        Assert.SkipUnless(Enabled, "set CONSULSHARP_STATE_BENCH=1");
        var store = new StateStore(TimeProvider.System);
        store.KvSet(1, new KvEntry { Key = "hot", Value = [1] });
        for (var round = 0; round < 3; round++)
        {
            var waits = new Task<bool>[10_000];
            for (var i = 0; i < waits.Length; i++)
            {
                var snap = store.Current;
                var ws = new WatchSet(snap);
                snap.KvGet("hot", ws);
                waits[i] = store.WaitAsync(ws, TestContext.Current.CancellationToken);
            }

            var sw = Stopwatch.StartNew();
            var before = GC.GetAllocatedBytesForCurrentThread();
            store.KvSet((ulong)round + 2, new KvEntry { Key = "hot", Value = [(byte)round] });
            var writerAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var commit = sw.Elapsed;
            await Task.WhenAll(waits);
            sw.Stop();
            Report($"10,000 waiters on one key woke in {sw.Elapsed.TotalMilliseconds:F1} ms (round {round}; the write itself {commit.TotalMilliseconds:F2} ms, {writerAllocated:N0} B allocated)");
        }
    }
}
