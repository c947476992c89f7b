namespace ConsulSharp.State.Internal;

/// <summary>One waiter's place in one entry's list. Links are guarded by the entry's monitor while it is alive.</summary>
internal sealed class WatchNode(Waiter waiter)
{
    public readonly Waiter Waiter = waiter;

    public WatchEntry? Entry;

    public WatchNode? Prev;

    public WatchNode? Next;
}
