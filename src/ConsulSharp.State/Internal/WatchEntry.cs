namespace ConsulSharp.State.Internal;

/// <summary>The waiters of one watched item until it next changes. Guarded by its own monitor.</summary>
internal sealed class WatchEntry(WatchKey key)
{
    public readonly WatchKey Key = key;

    /// <summary>Store version current just after the entry became visible; -1 until then.</summary>
    public long Stamp = -1;

    public int Waiters;

    /// <summary>Removed from the registry (fired or abandoned): no new waiter may join, and the node list belongs to
    /// whoever took it (the wake-up), so a leaving waiter no longer unlinks itself.</summary>
    public bool Dead;

    /// <summary>The waiting nodes, newest first (doubly linked so a waiter that leaves unlinks in O(1)).</summary>
    public WatchNode? Head;
}
