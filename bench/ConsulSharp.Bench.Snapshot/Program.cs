using System.Diagnostics;
using System.Globalization;
using ConsulSharp.Contracts.Snapshot;
using ConsulSharp.Core.Structs;
using ConsulSharp.State;

// Snapshot benchmark (issue 3): N KV entries of V bytes through the same code as GET/PUT /v1/snapshot, in process.
//   save:    fill a state store, write the state snapshot (what the Raft snapshot holds), then the Consul archive.
//   restore: in a fresh process: read + verify the archive into a scratch state.bin, check it (InspectSnapshot), restore.
// Usage: dotnet run -c Release --project bench/ConsulSharp.Bench.Snapshot -- save|restore [keys] [valueBytes] [dir]
var phase = args.Length > 0 ? args[0] : "save";
var keys = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var valueBytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1024;
var dir = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "consulsharp-snapbench");
Directory.CreateDirectory(dir);
var statePath = Path.Combine(dir, "state.bin");
var archivePath = Path.Combine(dir, "backup.snap");
static double MiB(long bytes) => bytes / 1024.0 / 1024.0;

if (phase == "save")
{
    var store = new StateStore(TimeProvider.System);
    var random = new Random(42);
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < keys; i++)
    {
        var value = new byte[valueBytes];
        random.NextBytes(value);
        store.KvSet((ulong)i + 1, new KvEntry { Key = $"bench/{i:D8}", Value = value });
    }

    Console.WriteLine($"load: {keys} keys x {valueBytes} B in {sw.Elapsed.TotalSeconds:F1} s, heap {MiB(GC.GetTotalMemory(true)):F0} MiB");
    var snapshot = store.Current;
    sw.Restart();
    using (var f = new FileStream(statePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
    {
        StateStore.WriteSnapshot(snapshot, f);
        f.Flush(flushToDisk: true);
    }

    var stateWrite = sw.Elapsed;
    var stateSize = new FileInfo(statePath).Length;
    sw.Restart();
    using (var input = File.OpenRead(statePath))
    using (var output = new FileStream(archivePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
    {
        var meta = new SnapshotMeta { ID = "bench", Index = snapshot.LastIndex, Term = 1, Size = stateSize };
        await SnapshotArchive.WriteAsync(output, meta, input, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        output.Flush(flushToDisk: true);
    }

    Console.WriteLine($"save: state.bin {MiB(stateSize):F0} MiB in {stateWrite.TotalSeconds:F1} s; archive {MiB(new FileInfo(archivePath).Length):F0} MiB in {sw.Elapsed.TotalSeconds:F1} s (gzip fastest)");
}
else
{
    var before = Process.GetCurrentProcess().WorkingSet64;
    var sw = Stopwatch.StartNew();
    var scratch = Path.Combine(dir, "restore.bin");
    SnapshotMeta meta;
    using (var input = File.OpenRead(archivePath))
    using (var output = new FileStream(scratch, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
    {
        meta = await SnapshotArchive.ReadAsync(input, output, CancellationToken.None);
    }

    var read = sw.Elapsed;
    sw.Restart();
    SnapshotStats stats;
    using (var s = File.OpenRead(scratch))
    {
        stats = StateStore.InspectSnapshot(s);
    }

    var check = sw.Elapsed;
    sw.Restart();
    var store = new StateStore(TimeProvider.System);
    using (var s = File.OpenRead(scratch))
    {
        store.Restore(s);
    }

    var restore = sw.Elapsed;
    var p = Process.GetCurrentProcess();
    p.Refresh();
    Console.WriteLine($"restore: archive read+verify {read.TotalSeconds:F1} s, state check {check.TotalSeconds:F1} s, state restore {restore.TotalSeconds:F1} s; {store.Current.KvCount} keys (index {meta.Index}, {stats.Records.Sum(r => r.Count)} records)");
    Console.WriteLine($"memory: peak working set {MiB(p.PeakWorkingSet64):F0} MiB (start {MiB(before):F0} MiB) = {(double)p.PeakWorkingSet64 / meta.Size:F2}x state.bin ({MiB(meta.Size):F0} MiB)");
    File.Delete(scratch);
}
