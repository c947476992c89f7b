namespace ConsulSharp.Raft.Storage;

/// <summary>
/// Durable storage of the Raft log. Called from one thread (the node's Raft loop). Writes become durable only at
/// <see cref="Sync"/>; the node acknowledges nothing it has not synced.
/// </summary>
public interface ILogStore : IDisposable
{
    /// <summary>Index just before the first stored entry (0 when the log starts at 1).</summary>
    ulong BaseIndex { get; }

    /// <summary>Term of <see cref="BaseIndex"/> (0 if unknown).</summary>
    ulong BaseTerm { get; }

    ulong LastIndex { get; }

    /// <summary>Every stored entry, oldest first (used once, at start-up).</summary>
    IReadOnlyList<LogEntry> ReadAll();

    /// <summary>Removes stored entries at or after the first new entry's index, then appends. Not durable until <see cref="Sync"/>.</summary>
    void Append(IReadOnlyList<LogEntry> entries);

    /// <summary>Makes every previous write durable (fsync).</summary>
    void Sync();

    /// <summary>Discards the whole log; the next entry will be <paramref name="index"/> + 1. Durable on return.</summary>
    void Reset(ulong index, ulong term);

    /// <summary>May drop entries up to <paramref name="index"/> (implementations may keep more).</summary>
    void CompactTo(ulong index);
}
