using static ConsulSharp.State.Tests.TestStore;

namespace ConsulSharp.State.Tests;

/// <summary>Blocking-query timeouts on the store's shared timer wheel (fake clock).</summary>
public sealed class WaitTimeoutTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly TestStore _t = new();

    private StateStore S => _t.Store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<bool> WaitOnKey(string key, TimeSpan timeout, CancellationToken? ct = null)
    {
        var snap = _t.Snap;
        var ws = new WatchSet(snap);
        snap.KvGet(key, ws);
        return S.WaitAsync(ws, timeout, ct ?? Ct);
    }

    [Fact]
    public async Task A_wait_ends_false_once_its_timeout_has_passed_and_not_before()
    {
        S.KvSet(1, Kv("k", "a"));
        var wait = WaitOnKey("k", TimeSpan.FromSeconds(2));
        Assert.Equal(1, S.PendingDeadlines);
        Assert.True(S.DeadlineTimerRunning);

        _t.Time.Advance(TimeSpan.FromMilliseconds(1900));
        await Task.Delay(50, Ct);
        Assert.False(wait.IsCompleted);

        _t.Time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.False(await wait.WaitAsync(Generous, Ct));
        Assert.Equal(0, S.PendingDeadlines);
        Assert.False(S.DeadlineTimerRunning); // no waits with a timeout: no timer
    }

    [Fact]
    public async Task A_woken_wait_leaves_the_wheel_and_the_timer_stops()
    {
        S.KvSet(1, Kv("k", "a"));
        var waits = Enumerable.Range(0, 100).Select(i => WaitOnKey("k", TimeSpan.FromSeconds(1 + (i % 7)))).ToList();
        Assert.Equal(100, S.PendingDeadlines);

        S.KvSet(2, Kv("k", "b"));
        Assert.All(await Task.WhenAll(waits).WaitAsync(Generous, Ct), Assert.True);
        Assert.Equal(0, S.PendingDeadlines);

        _t.Time.Advance(TimeSpan.FromMilliseconds(100)); // the next tick sees nothing registered
        Assert.False(S.DeadlineTimerRunning);

        // And it starts again for the next wait.
        var again = WaitOnKey("k", TimeSpan.FromMilliseconds(300));
        Assert.True(S.DeadlineTimerRunning);
        _t.Time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.False(await again.WaitAsync(Generous, Ct));
    }

    [Fact]
    public async Task Timeouts_expire_in_deadline_order_across_many_slots()
    {
        S.KvSet(1, Kv("k", "a"));
        var shortWait = WaitOnKey("k", TimeSpan.FromMilliseconds(120));
        var longWait = WaitOnKey("k", TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(37)); // Consul's longest, jitter included
        var beyondRing = WaitOnKey("k", TimeSpan.FromSeconds(900)); // more than one turn of the ring

        _t.Time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.False(await shortWait.WaitAsync(Generous, Ct));
        Assert.False(longWait.IsCompleted);

        _t.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(36));
        await Task.Delay(50, Ct);
        Assert.False(longWait.IsCompleted);
        _t.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await longWait.WaitAsync(Generous, Ct));

        Assert.False(beyondRing.IsCompleted); // its slot came round once before its deadline
        _t.Time.Advance(TimeSpan.FromSeconds(900));
        Assert.False(await beyondRing.WaitAsync(Generous, Ct));
        Assert.Equal(0, S.PendingDeadlines);
    }

    [Fact]
    public async Task Cancellation_still_ends_a_wait_with_a_timeout_and_removes_it()
    {
        S.KvSet(1, Kv("k", "a"));
        using var cts = new CancellationTokenSource();
        var wait = WaitOnKey("k", TimeSpan.FromMinutes(5), cts.Token);
        await cts.CancelAsync();
        Assert.False(await wait.WaitAsync(Generous, Ct));
        Assert.Equal(0, S.PendingDeadlines);
    }

    [Fact]
    public async Task Closing_waits_wakes_every_waiter_and_later_waits_return_at_once()
    {
        S.KvSet(1, Kv("k", "a"));
        var before = WaitOnKey("k", TimeSpan.FromMinutes(5));
        var infinite = WaitOnKey("k", Timeout.InfiniteTimeSpan);
        S.CloseWaits();
        Assert.True(await before.WaitAsync(Generous, Ct));
        Assert.True(await infinite.WaitAsync(Generous, Ct));

        var after = WaitOnKey("k", TimeSpan.FromMinutes(5));
        Assert.True(after.IsCompleted);
        Assert.True(await after);
        Assert.Equal(0, S.PendingDeadlines);
    }
}
