namespace ConsulSharp.State.Internal;

/// <summary>The waiters of one watched item until it next changes. Guarded by its own monitor.</summary>
internal sealed class WatchEntry(WatchKey key)
{
    public readonly WatchKey Key = key;

    public readonly TaskCompletionSource Completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Store version current just after the entry became visible; -1 until then.</summary>
    public long Stamp = -1;

    public int Waiters;

    /// <summary>Removed from the registry (fired or abandoned): no new waiter may join.</summary>
    public bool Dead;
}
