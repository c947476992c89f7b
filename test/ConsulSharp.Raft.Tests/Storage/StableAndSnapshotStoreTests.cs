using System.Text;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;

namespace ConsulSharp.Raft.Tests.Storage;

public sealed class StableAndSnapshotStoreTests
{
    private static readonly RaftConfiguration Config = new([new RaftServer("a", "127.0.0.1:1"), new RaftServer("b", "127.0.0.1:2", ServerSuffrage.Nonvoter)]);

    [Fact]
    public void Stable_store_round_trips_and_detects_damage()
    {
        using var dir = new TempDir();
        var s = new FileStableStore(dir.Path);
        Assert.Equal((0UL, (string?)null), s.Load());
        s.Save(7, "node-b");
        Assert.Equal((7UL, "node-b"), new FileStableStore(dir.Path).Load());
        s.Save(8, null);
        Assert.Equal((8UL, (string?)null), new FileStableStore(dir.Path).Load());
        Assert.False(File.Exists(Path.Combine(dir.Path, "stable.bin.tmp")));

        var path = Path.Combine(dir.Path, "stable.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[9] ^= 1;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<RaftStorageCorruptException>(() => new FileStableStore(dir.Path).Load());
    }

    [Fact]
    public void Snapshots_are_invisible_until_committed_and_retained_newest_first()
    {
        using var dir = new TempDir();
        var store = new FileSnapshotStore(dir.Path, retain: 2);
        using (var sink = store.Create(10, 2, Config))
        {
            sink.Stream.Write(Encoding.UTF8.GetBytes("abandoned"));
        }

        Assert.Empty(store.List());
        foreach (var i in new ulong[] { 10, 20, 30 })
        {
            using var sink = store.Create(i, 3, Config);
            sink.Stream.Write(Encoding.UTF8.GetBytes("state at " + i));
            sink.Commit();
        }

        var list = store.List();
        Assert.Equal([30UL, 20UL], list.Select(m => m.Index));
        using var stream = store.Open(list[0].Id, out var meta);
        Assert.Equal("state at 30", new StreamReader(stream).ReadToEnd());
        Assert.Equal(Config, meta.Configuration);
        Assert.Equal(3UL, meta.Term);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Damaged_snapshot_fails_its_checksum()
    {
        using var dir = new TempDir();
        var store = new FileSnapshotStore(dir.Path);
        string id;
        using (var sink = store.Create(5, 1, Config))
        {
            sink.Stream.Write(new byte[10_000]);
            id = sink.Commit().Id;
        }

        var path = Path.Combine(dir.Path, id + ".snap");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<RaftStorageCorruptException>(() => store.Open(id, out _));
    }
}
