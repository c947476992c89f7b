using System.Collections.Concurrent;

namespace ConsulSharp.State.Internal;

/// <summary>
/// Waiters per watched item. Each item that has waiters owns one <see cref="WatchEntry"/> (a list of waiter nodes);
/// the writer, after publishing a version, removes the entries of the items that version changed and hands each one's
/// list to a <see cref="WakeBatch"/>, so nothing else is touched and the writer never runs a waiter's code.
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
    /// Links <paramref name="node"/> into the entry of <paramref name="key"/>. Returns false when the item may have
    /// changed after <paramref name="version"/> (the caller should not wait; the node is not linked); otherwise the
    /// node waits there until its entry fires or it is released.
    /// </summary>
    public bool Acquire(WatchKey key, long version, WatchNode node)
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
                node.Entry = entry;
                node.Prev = null;
                node.Next = entry.Head;
                if (entry.Head is not null)
                {
                    entry.Head.Prev = node;
                }

                entry.Head = node;
            }

            var stamp = Volatile.Read(ref entry.Stamp);
            if (created ? stamp > version : (stamp < 0 || stamp > version))
            {
                Release(node);
                return false;
            }

            return true;
        }
    }

    /// <summary>Drops one waiter; the last one removes the entry so idle items cost nothing.</summary>
    public void Release(WatchNode node)
    {
        var entry = node.Entry;
        if (entry is null)
        {
            return;
        }

        node.Entry = null;
        lock (entry)
        {
            entry.Waiters--;
            if (entry.Dead)
            {
                return; // fired: the list now belongs to the wake-up
            }

            if (node.Prev is null)
            {
                entry.Head = node.Next;
            }
            else
            {
                node.Prev.Next = node.Next;
            }

            if (node.Next is not null)
            {
                node.Next.Prev = node.Prev;
            }

            node.Prev = null;
            node.Next = null;
            if (entry.Waiters > 0)
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

    public int WaitersOf(WatchKey key)
    {
        if (Lookup(key) is not { } entry)
        {
            return 0;
        }

        lock (entry)
        {
            return entry.Dead ? 0 : entry.Waiters;
        }
    }

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

    private static void Complete(WatchEntry entry)
    {
        WatchNode? head;
        lock (entry)
        {
            entry.Dead = true;
            head = entry.Head;
            entry.Head = null;
        }

        if (head is not null)
        {
            WakeBatch.Start(head);
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
