namespace ConsulSharp.Raft.Core;

/// <summary>
/// The in-memory view of the log used by <see cref="RaftCore"/>: entries after a compaction point
/// (<see cref="Offset"/>, whose term is remembered). Durable storage is the shell's job; this holds what has not been
/// compacted away, persisted or not.
/// </summary>
internal sealed class RaftLog
{
    private readonly List<LogEntry> _entries = [];

    public RaftLog(ulong offset, ulong offsetTerm)
    {
        Offset = offset;
        OffsetTerm = offsetTerm;
    }

    /// <summary>Index of the last compacted entry (0 for none); the first entry held is <c>Offset + 1</c>.</summary>
    public ulong Offset { get; private set; }

    public ulong OffsetTerm { get; private set; }

    public ulong FirstIndex => Offset + 1;

    public ulong LastIndex => Offset + (ulong)_entries.Count;

    public ulong LastTerm => _entries.Count == 0 ? OffsetTerm : _entries[^1].Term;

    public int Count => _entries.Count;

    /// <summary>Incremented by every change; lets observers (tests) skip re-reading an unchanged log.</summary>
    public long Version { get; private set; }

    /// <summary>Term of entry <paramref name="index"/>, or null when compacted away or beyond the end.</summary>
    public ulong? TermAt(ulong index)
    {
        if (index == Offset)
        {
            return OffsetTerm;
        }

        if (index < Offset || index > LastIndex)
        {
            return null;
        }

        return _entries[(int)(index - Offset - 1)].Term;
    }

    public LogEntry Get(ulong index) => _entries[(int)(index - Offset - 1)];

    /// <summary>Entries from <paramref name="from"/> (inclusive) to <paramref name="to"/> (inclusive), bounded.</summary>
    public List<LogEntry> Slice(ulong from, ulong to, int maxCount, long maxBytes)
    {
        var result = new List<LogEntry>();
        long bytes = 0;
        for (var i = from; i <= to && result.Count < maxCount; i++)
        {
            var e = Get(i);
            if (result.Count > 0 && bytes + e.Data.Length > maxBytes)
            {
                break;
            }

            bytes += e.Data.Length;
            result.Add(e);
        }

        return result;
    }

    public void Append(LogEntry entry)
    {
        if (entry.Index != LastIndex + 1)
        {
            throw new InvalidOperationException($"log gap: appending {entry.Index} after {LastIndex}");
        }

        _entries.Add(entry);
        Version++;
    }

    /// <summary>Removes every entry with index &gt;= <paramref name="index"/>.</summary>
    public void TruncateFrom(ulong index)
    {
        if (index <= Offset)
        {
            throw new InvalidOperationException($"cannot truncate compacted entry {index} (offset {Offset})");
        }

        if (index > LastIndex)
        {
            return;
        }

        var keep = (int)(index - Offset - 1);
        _entries.RemoveRange(keep, _entries.Count - keep);
        Version++;
    }

    /// <summary>Drops entries up to and including <paramref name="index"/>, which must be held.</summary>
    public void CompactTo(ulong index)
    {
        if (index <= Offset)
        {
            return;
        }

        var term = TermAt(index) ?? throw new InvalidOperationException($"cannot compact to {index} beyond {LastIndex}");
        _entries.RemoveRange(0, (int)(index - Offset));
        Version++;
        Offset = index;
        OffsetTerm = term;
    }

    /// <summary>Discards everything and restarts the log after a snapshot at <paramref name="index"/>.</summary>
    public void ResetTo(ulong index, ulong term)
    {
        _entries.Clear();
        Version++;
        Offset = index;
        OffsetTerm = term;
    }
}
