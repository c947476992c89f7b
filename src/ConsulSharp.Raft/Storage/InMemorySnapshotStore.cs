namespace ConsulSharp.Raft.Storage;

/// <summary>Snapshot store in memory; keeps the newest <c>retain</c> snapshots.</summary>
public sealed class InMemorySnapshotStore(int retain = 2) : ISnapshotStore
{
    private readonly Lock _lock = new();
    private readonly List<(SnapshotMetadata Meta, byte[] Data)> _snapshots = [];
    private long _next;

    public ISnapshotSink Create(ulong index, ulong term, RaftConfiguration configuration)
    {
        var id = $"{term}-{index}-{Interlocked.Increment(ref _next)}";
        return new Sink(this, id, index, term, configuration);
    }

    public IReadOnlyList<SnapshotMetadata> List()
    {
        lock (_lock)
        {
            return [.. _snapshots.Select(s => s.Meta).OrderByDescending(m => m.Index).ThenByDescending(m => m.Term)];
        }
    }

    public Stream Open(string id, out SnapshotMetadata metadata)
    {
        lock (_lock)
        {
            var s = _snapshots.Find(x => x.Meta.Id == id);
            if (s.Data is null)
            {
                throw new FileNotFoundException($"snapshot {id} not found");
            }

            metadata = s.Meta;
            return new MemoryStream(s.Data, writable: false);
        }
    }

    private void Add(SnapshotMetadata meta, byte[] data)
    {
        lock (_lock)
        {
            _snapshots.Add((meta, data));
            _snapshots.Sort((a, b) => b.Meta.Index.CompareTo(a.Meta.Index));
            while (_snapshots.Count > retain)
            {
                _snapshots.RemoveAt(_snapshots.Count - 1);
            }
        }
    }

    private sealed class Sink(InMemorySnapshotStore store, string id, ulong index, ulong term, RaftConfiguration configuration) : ISnapshotSink
    {
        private readonly MemoryStream _stream = new();

        public string Id => id;

        public Stream Stream => _stream;

        public SnapshotMetadata Commit()
        {
            var data = _stream.ToArray();
            var meta = new SnapshotMetadata(id, index, term, configuration, data.Length);
            store.Add(meta, data);
            return meta;
        }

        public void Dispose() => _stream.Dispose();
    }
}
