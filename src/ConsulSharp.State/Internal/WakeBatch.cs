namespace ConsulSharp.State.Internal;

/// <summary>
/// Wakes the waiters of one fired entry on the thread pool, <see cref="BatchSize"/> at a time: each run takes the next
/// batch, re-queues itself first when more remain (so an idle worker takes the following batch in parallel), then wakes
/// its batch inline. Re-queueing behind the work the batch produced (Kestrel's socket sends) lets responses leave while
/// later waiters are still being woken, instead of all sends waiting behind all wake-ups.
/// </summary>
internal sealed class WakeBatch : IThreadPoolWorkItem
{
    public const int BatchSize = 16;

    [ThreadStatic]
    private static int t_run;
    private static int s_runs;

    private WatchNode? _head;
    private Waiter[]? _waiters;
    private int _next;

    private WakeBatch(WatchNode head) => _head = head;

    /// <summary>Takes ownership of a detached node list (the entry is dead: nobody links or unlinks any more).</summary>
    public static void Start(WatchNode head) =>
        ThreadPool.UnsafeQueueUserWorkItem(new WakeBatch(head), preferLocal: false);

    /// <summary>Non-zero while a batch runs on this thread: the id of that run (tests check continuations run inline).</summary>
    public static int CurrentRun => t_run;

    public void Execute()
    {
        // Only the first run (before anything re-queued this item) sees the list; later runs see the array.
        if (_waiters is null)
        {
            var list = new List<Waiter>();
            for (var n = _head; n is not null; n = n.Next)
            {
                list.Add(n.Waiter);
            }

            _head = null;
            _waiters = [.. list];
        }

        var waiters = _waiters;
        var start = Interlocked.Add(ref _next, BatchSize) - BatchSize;
        if (start >= waiters.Length)
        {
            return;
        }

        var end = Math.Min(waiters.Length, start + BatchSize);
        if (end < waiters.Length)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        var outer = t_run;
        t_run = Interlocked.Increment(ref s_runs);
        try
        {
            for (var i = start; i < end; i++)
            {
                waiters[i].Wake();
            }
        }
        finally
        {
            t_run = outer;
        }
    }
}
