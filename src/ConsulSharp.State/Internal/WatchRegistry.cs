using System.Collections.Concurrent;

namespace ConsulSharp.State.Internal;

/// <summary>
/// Waiters per watched item. Each item that has waiters owns one <see cref="WatchEntry"/> (one TaskCompletionSource);
/// the writer, after publishing a version, removes and completes the entries of the items that version changed, so
/// every waiter of an item wakes from one completion and nothing else is touched.
/// </summary>
/// <remarks>
/// Lost-wakeup freedom: an entry is stamped, after it was inserted, with the store version then current. A waiter that
/// read version V may rely on an entry only when its stamp is at most V: the entry then existed before any write after V
/// could have fired it, so a later change completes it. Otherwise (entry younger than the read, or not stamped yet) the
/// waiter treats the item as changed and re-reads, which costs one spurious wake-up at most.
/// </remarks>
internal sealed class WatchRegistry
{
    private readonly ConcurrentDictionary<WatchKey, WatchEntry> _items = new();
    private readonly ConcurrentDictionary<string, WatchEntry> _prefixes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WatchEntry>.AlternateLookup<ReadOnlySpan<char>> _prefixLookup;
    private readonly Func<long> _currentVersion;
    private int _itemCount;
    private int _prefixCount;

    public WatchRegistry(Func<long> currentVersion)
    {
        _currentVersion = currentVersion;
        _prefixLookup = _prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Items with at least one waiter (for tests and metrics).</summary>
    public int ActiveCount => Volatile.Read(ref _itemCount) + Volatile.Read(ref _prefixCount);

    /// <summary>
    /// Registers one waiter on <paramref name="key"/>. Returns null when the item may have changed after
    /// <paramref name="version"/> (the caller should not wait); otherwise an entry to wait on and later release.
    /// </summary>
    public WatchEntry? Acquire(WatchKey key, long version)
    {
        while (true)
        {
            var entry = Lookup(key);
            var created = false;
            if (entry is null)
            {
                var fresh = new WatchEntry(key);
                if (!TryAdd(key, fresh))
                {
                    continue;
                }

                // Stamp only after the entry is visible to the writer (see remarks).
                Volatile.Write(ref fresh.Stamp, _currentVersion());
                entry = fresh;
                created = true;
            }

            lock (entry)
            {
                if (entry.Dead)
                {
                    continue;
                }

                entry.Waiters++;
            }

            var stamp = Volatile.Read(ref entry.Stamp);
            if (created ? stamp > version : (stamp < 0 || stamp > version))
            {
                Release(entry);
                return null;
            }

            return entry;
        }
    }

    /// <summary>Drops one waiter; the last one removes the entry so idle items cost nothing.</summary>
    public void Release(WatchEntry entry)
    {
        lock (entry)
        {
            entry.Waiters--;
            if (entry.Waiters > 0 || entry.Dead)
            {
                return;
            }

            entry.Dead = true;
        }

        if (entry.Key.Kind == WatchKind.KvPrefix)
        {
            if (_prefixes.TryRemove(new KeyValuePair<string, WatchEntry>(entry.Key.Name, entry)))
            {
                Interlocked.Decrement(ref _prefixCount);
            }
        }
        else if (_items.TryRemove(new KeyValuePair<WatchKey, WatchEntry>(entry.Key, entry)))
        {
            Interlocked.Decrement(ref _itemCount);
        }
    }

    /// <summary>Writer side: wakes the waiters of one item.</summary>
    public void Fire(WatchKey key)
    {
        if (key.Kind == WatchKind.KvPrefix)
        {
            if (Volatile.Read(ref _prefixCount) > 0 && _prefixes.TryRemove(key.Name, out var p))
            {
                Interlocked.Decrement(ref _prefixCount);
                Complete(p);
            }

            return;
        }

        if (Volatile.Read(ref _itemCount) > 0 && _items.TryRemove(key, out var e))
        {
            Interlocked.Decrement(ref _itemCount);
            Complete(e);
        }
    }

    /// <summary>Writer side: wakes the waiters of a KV key and of every watched prefix of it (including "").</summary>
    public void FireKv(string key)
    {
        if (Volatile.Read(ref _itemCount) > 0 && _items.TryRemove(WatchKey.KvKey(key), out var e))
        {
            Interlocked.Decrement(ref _itemCount);
            Complete(e);
        }

        if (Volatile.Read(ref _prefixCount) == 0)
        {
            return;
        }

        var span = key.AsSpan();
        for (var len = 0; len <= span.Length; len++)
        {
            if (_prefixLookup.TryRemove(span[..len], out _, out var p))
            {
                Interlocked.Decrement(ref _prefixCount);
                Complete(p);
            }
        }
    }

    public bool HasWaiters(WatchKey key) => Lookup(key) is { Dead: false };

    /// <summary>Writer side: wakes every waiter (after a restore).</summary>
    public void FireAll()
    {
        foreach (var key in _items.Keys)
        {
            Fire(key);
        }

        foreach (var prefix in _prefixes.Keys)
        {
            Fire(WatchKey.KvPrefix(prefix));
        }
    }

    /// <summary>Above this many waiters the writer hands the wake-up to the thread pool instead of paying for it.</summary>
    private const int InlineWakeLimit = 64;

    private static void Complete(WatchEntry entry)
    {
        int waiters;
        lock (entry)
        {
            entry.Dead = true;
            waiters = entry.Waiters;
        }

        if (waiters <= InlineWakeLimit)
        {
            entry.Completion.TrySetResult();
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static e => e.Completion.TrySetResult(), entry, preferLocal: false);
        }
    }

    private WatchEntry? Lookup(WatchKey key) =>
        key.Kind == WatchKind.KvPrefix
            ? _prefixes.GetValueOrDefault(key.Name)
            : _items.GetValueOrDefault(key);

    private bool TryAdd(WatchKey key, WatchEntry entry)
    {
        if (key.Kind == WatchKind.KvPrefix)
        {
            // Count first: the writer skips the lookup when the count is 0, so it must never lag behind the map.
            Interlocked.Increment(ref _prefixCount);
            if (_prefixes.TryAdd(key.Name, entry))
            {
                return true;
            }

            Interlocked.Decrement(ref _prefixCount);
            return false;
        }

        Interlocked.Increment(ref _itemCount);
        if (_items.TryAdd(key, entry))
        {
            return true;
        }

        Interlocked.Decrement(ref _itemCount);
        return false;
    }
}
