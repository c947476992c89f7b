namespace ConsulSharp.Raft.Storage;

/// <summary>Log store in memory (tests, <c>-dev</c>). Everything is "durable" immediately.</summary>
public sealed class InMemoryLogStore : ILogStore
{
    private readonly List<LogEntry> _entries = [];
    private readonly Lock _lock = new();

    public ulong BaseIndex { get; private set; }

    public ulong BaseTerm { get; private set; }

    public ulong LastIndex
    {
        get
        {
            lock (_lock)
            {
                return BaseIndex + (ulong)_entries.Count;
            }
        }
    }

    public IReadOnlyList<LogEntry> ReadAll()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }

    public void Append(IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            var first = entries[0].Index;
            var last = BaseIndex + (ulong)_entries.Count;
            if (first <= BaseIndex || first > last + 1)
            {
                throw new InvalidOperationException($"log append at {first} does not continue ({BaseIndex}, {last}]");
            }

            var keep = (int)(first - BaseIndex - 1);
            _entries.RemoveRange(keep, _entries.Count - keep);
            _entries.AddRange(entries);
        }
    }

    public void Sync()
    {
    }

    public void Reset(ulong index, ulong term)
    {
        lock (_lock)
        {
            _entries.Clear();
            BaseIndex = index;
            BaseTerm = term;
        }
    }

    public void CompactTo(ulong index)
    {
        lock (_lock)
        {
            var last = BaseIndex + (ulong)_entries.Count;
            if (index <= BaseIndex || index > last)
            {
                return;
            }

            var n = (int)(index - BaseIndex);
            BaseTerm = _entries[n - 1].Term;
            _entries.RemoveRange(0, n);
            BaseIndex = index;
        }
    }

    public void Dispose()
    {
    }
}
