namespace ConsulSharp.State.Internal;

/// <summary>
/// One <see cref="StateStore.WaitAsync(WatchSet, TimeSpan, CancellationToken)"/> call, linked into the entry of every item its watch set holds. Completed
/// once: true by the first of its items to fire, false by cancellation.
/// </summary>
/// <remarks>
/// A wake-up runs the waiter's continuation (the rest of the blocking query: re-run, response) inline on the thread
/// of the <see cref="WakeBatch"/> that woke it, so N waiters cost N calls from one batch loop instead of N thread-pool
/// dispatches. Cancellation instead hands the completion to the thread pool: it can arrive on any thread (a timer, the
/// connection's abort, the server's stop for every waiter at once).
/// </remarks>
internal sealed class Waiter
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.None);

    public Waiter(int items)
    {
        Nodes = new WatchNode[items];
        for (var i = 0; i < items; i++)
        {
            Nodes[i] = new WatchNode(this);
        }
    }

    public WatchNode[] Nodes { get; }

    // Its place in the DeadlineWheel while its wait timeout is pending (guarded by the slot's lock).
    internal DeadlineWheel.Slot? DeadlineSlot;
    internal Waiter? DeadlinePrev;
    internal Waiter? DeadlineNext;
    internal long DeadlineDue;

    public Task<bool> Task => _done.Task;

    /// <summary>Runs the waiter's continuation on this thread (only from a <see cref="WakeBatch"/>).</summary>
    public void Wake() => _done.TrySetResult(true);

    public void Cancel()
    {
        if (!_done.Task.IsCompleted)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static w => w._done.TrySetResult(false), this, preferLocal: false);
        }
    }
}
