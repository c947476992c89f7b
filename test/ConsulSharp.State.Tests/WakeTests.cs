using static ConsulSharp.State.Tests.TestStore;

namespace ConsulSharp.State.Tests;

/// <summary>The wake-up machinery: per-waiter nodes in each entry, batches on the thread pool, O(1) leave.</summary>
public sealed class WakeTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly TestStore _t = new();

    private StateStore S => _t.Store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<bool> Wait(Action<StateSnapshot, WatchSet> read, CancellationToken ct)
    {
        var snap = _t.Snap;
        var ws = new WatchSet(snap);
        read(snap, ws);
        return S.WaitAsync(ws, ct);
    }

    [Fact]
    public async Task A_waiter_on_several_items_leaves_the_others_when_one_fires()
    {
        S.KvSet(1, Kv("a", "1"));
        S.KvSet(2, Kv("b", "1"));
        var both = Wait((s, ws) =>
        {
            s.KvGet("a", ws);
            s.KvGet("b", ws);
        }, Ct);
        var onlyB = Wait((s, ws) => s.KvGet("b", ws), Ct);
        Assert.Equal(2, S.WaitersOf(WatchKey.KvKey("b")));

        S.KvSet(3, Kv("a", "2"));
        Assert.True(await both.WaitAsync(Generous, Ct));
        Assert.Equal(1, S.WaitersOf(WatchKey.KvKey("b")));
        Assert.False(S.HasWaiters(WatchKey.KvKey("a")));

        S.KvSet(4, Kv("b", "2"));
        Assert.True(await onlyB.WaitAsync(Generous, Ct));
        Assert.Equal(0, S.ActiveWatchCount);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_its_entry_and_the_others_still_wake()
    {
        S.KvSet(1, Kv("k", "1"));
        using var cts = new CancellationTokenSource();
        var first = Wait((s, ws) => s.KvGet("k", ws), Ct);
        var cancelled = Wait((s, ws) => s.KvGet("k", ws), cts.Token);
        var last = Wait((s, ws) => s.KvGet("k", ws), Ct);
        Assert.Equal(3, S.WaitersOf(WatchKey.KvKey("k")));

        await cts.CancelAsync();
        Assert.False(await cancelled.WaitAsync(Generous, Ct));
        Assert.Equal(2, S.WaitersOf(WatchKey.KvKey("k")));
        Assert.False(first.IsCompleted);
        Assert.False(last.IsCompleted);

        S.KvSet(2, Kv("k", "2"));
        Assert.True(await first.WaitAsync(Generous, Ct));
        Assert.True(await last.WaitAsync(Generous, Ct));
        Assert.Equal(0, S.ActiveWatchCount);
    }

    [Fact]
    public async Task Waiters_that_leave_one_by_one_free_the_entry_with_the_last()
    {
        S.KvSet(1, Kv("k", "1"));
        var sources = Enumerable.Range(0, 50).Select(_ => new CancellationTokenSource()).ToArray();
        var waits = sources.Select(c => Wait((s, ws) => s.KvGet("k", ws), c.Token)).ToArray();
        // Leave in an order that unlinks from the head, the tail and the middle of the list.
        var order = Enumerable.Range(0, 50).OrderBy(i => (i * 17) % 50).ToArray();
        for (var n = 0; n < order.Length; n++)
        {
            await sources[order[n]].CancelAsync();
            Assert.False(await waits[order[n]].WaitAsync(Generous, Ct));
            Assert.Equal(49 - n, S.WaitersOf(WatchKey.KvKey("k")));
        }

        Assert.Equal(0, S.ActiveWatchCount);
        foreach (var c in sources)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task The_writer_never_runs_a_waiters_continuation()
    {
        // Continuations run a blocking query's whole response; the FSM's apply thread must not (small wake-ups included).
        S.KvSet(1, Kv("k", "1"));
        using var inWrite = new ThreadLocal<bool>();
        var ranInWrite = Enumerable.Range(0, 3)
            .Select(_ => Wait((s, ws) => s.KvGet("k", ws), Ct)
                .ContinueWith(_ => inWrite.Value, Ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default))
            .ToArray();
        inWrite.Value = true;
        S.KvSet(2, Kv("k", "2"));
        inWrite.Value = false;
        Assert.All(await Task.WhenAll(ranInWrite).WaitAsync(Generous, Ct), Assert.False);
    }

    [Fact]
    public async Task A_large_wake_up_runs_the_continuations_inline_in_batches()
    {
        // Each continuation runs synchronously inside a wake batch (not as its own pool work item): 1,000 waiters see
        // about 1,000 / BatchSize batch runs, and none runs outside one.
        S.KvSet(1, Kv("k", "1"));
        var runs = new int[1000];
        var waits = Enumerable.Range(0, runs.Length)
            .Select(i => Wait((s, ws) => s.KvGet("k", ws), Ct)
                .ContinueWith(_ => runs[i] = Internal.WakeBatch.CurrentRun, Ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default))
            .ToArray();
        S.KvSet(2, Kv("k", "2"));
        await Task.WhenAll(waits).WaitAsync(Generous, Ct);
        Assert.DoesNotContain(0, runs);
        Assert.Equal((runs.Length + Internal.WakeBatch.BatchSize - 1) / Internal.WakeBatch.BatchSize, runs.Distinct().Count());
        Assert.Equal(0, S.ActiveWatchCount);
    }
}
