using System.Diagnostics;
using ConsulSharp.Core.Structs;
using static ConsulSharp.State.Tests.TestStore;

namespace ConsulSharp.State.Tests;

public sealed class WatchTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly TestStore _t = new();

    private StateStore S => _t.Store;

    private (WatchSet Ws, Task<bool> Wait) Watch(Action<StateSnapshot, WatchSet> read) =>
        WatchUntil(read, TestContext.Current.CancellationToken);

    private (WatchSet Ws, Task<bool> Wait) WatchUntil(Action<StateSnapshot, WatchSet> read, CancellationToken ct)
    {
        var snap = _t.Snap;
        var ws = new WatchSet(snap);
        read(snap, ws);
        return (ws, S.WaitAsync(ws, ct));
    }

    /// <summary>Deterministic "not woken": the writer removes a fired item synchronously on commit.</summary>
    private void AssertAsleep((WatchSet Ws, Task<bool> Wait) w)
    {
        Assert.All(w.Ws.Items, key => Assert.True(S.HasWaiters(key), $"{key} was woken"));
        Assert.False(w.Wait.IsCompleted);
    }

    private static async Task<bool> Fired(Task<bool> wait) => await wait.WaitAsync(Generous, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Key_write_wakes_that_key_only()
    {
        S.KvSet(1, Kv("k1", "a"));
        S.KvSet(2, Kv("k2", "a"));
        var w1 = Watch((s, ws) => s.KvGet("k1", ws));
        var w2 = Watch((s, ws) => s.KvGet("k2", ws));
        S.KvSet(3, Kv("k1", "b"));
        Assert.True(await Fired(w1.Wait));
        AssertAsleep(w2);
        S.KvDelete(4, "k2");
        Assert.True(await Fired(w2.Wait));
    }

    [Fact]
    public async Task Write_under_a_prefix_wakes_prefix_watchers_but_not_other_prefixes()
    {
        var foo = Watch((s, ws) => s.KvList("foo/", ws));
        var all = Watch((s, ws) => s.KvKeys("", "/", ws));
        var bar = Watch((s, ws) => s.KvList("bar/", ws));
        var exactFoo = Watch((s, ws) => s.KvGet("foo/", ws));
        S.KvSet(1, Kv("foo/x/y", "1"));
        Assert.True(await Fired(foo.Wait));
        Assert.True(await Fired(all.Wait));
        AssertAsleep(bar);
        AssertAsleep(exactFoo);

        var again = Watch((s, ws) => s.KvList("bar/", ws));
        S.KvDeleteTree(2, "bar/"); // nothing there: no change, no wake
        AssertAsleep(again);
        S.KvSet(3, Kv("bar/1", "x"));
        Assert.True(await Fired(again.Wait));
        Assert.True(await Fired(bar.Wait));
    }

    [Fact]
    public async Task Unchanged_write_wakes_nobody()
    {
        S.KvSet(1, Kv("k", "v"));
        var w = Watch((s, ws) => s.KvGet("k", ws));
        S.KvSet(2, Kv("k", "v"));
        S.KvSet(3, Kv("other", "v"));
        AssertAsleep(w);
        S.KvSet(4, Kv("k", "v2"));
        Assert.True(await Fired(w.Wait));
    }

    [Fact]
    public async Task Change_to_service_a_does_not_wake_watchers_of_service_b()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Service(3, "n1", "a1", "a");
        _t.Service(4, "n2", "b1", "b");
        var a = Watch((s, ws) => s.CheckServiceNodes("a", ws: ws));
        var b = Watch((s, ws) => s.CheckServiceNodes("b", ws: ws));
        var catalogB = Watch((s, ws) => s.ServiceNodes("B", ws: ws));
        _t.Check(5, "n1", "a-check", HealthStatus.Passing, "a1");
        Assert.True(await Fired(a.Wait));
        AssertAsleep(b);
        AssertAsleep(catalogB);

        // A node-level change on n2 affects b's health (and nothing of a).
        var a2 = Watch((s, ws) => s.CheckServiceNodes("a", ws: ws));
        _t.Check(6, "n2", "serfHealth", HealthStatus.Critical);
        Assert.True(await Fired(b.Wait));
        Assert.True(await Fired(catalogB.Wait));
        AssertAsleep(a2);
    }

    [Fact]
    public async Task Node_and_table_watches()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        var n1 = Watch((s, ws) => s.GetNodeServices("n1", ws));
        var nodes = Watch((s, ws) => s.Nodes(ws));
        var sessions = Watch((s, ws) => s.Sessions(ws));
        _t.Service(3, "n2", "x", "x");
        AssertAsleep(n1);
        AssertAsleep(nodes);
        _t.Service(4, "N1", "y", "y");
        Assert.True(await Fired(n1.Wait));
        AssertAsleep(nodes);
        _t.Node(5, "n3");
        Assert.True(await Fired(nodes.Wait));
        AssertAsleep(sessions);
        _t.Session(6, "s1", "n3");
        Assert.True(await Fired(sessions.Wait));
    }

    [Fact]
    public async Task Session_invalidation_wakes_session_and_lock_watchers()
    {
        _t.Node(1, "n1");
        _t.Check(2, "n1", "serfHealth", HealthStatus.Passing);
        _t.Session(3, "s1", "n1", checks: "serfHealth");
        S.KvLock(4, Kv("lock", "v", session: "s1"));
        var sess = Watch((s, ws) => s.GetSession("s1", ws));
        var nodeSess = Watch((s, ws) => s.NodeSessions("n1", ws));
        var key = Watch((s, ws) => s.KvGet("lock", ws));
        _t.Check(5, "n1", "serfHealth", HealthStatus.Critical);
        Assert.True(await Fired(sess.Wait));
        Assert.True(await Fired(nodeSess.Wait));
        Assert.True(await Fired(key.Wait));
    }

    [Fact]
    public async Task Change_between_read_and_wait_is_not_lost()
    {
        S.KvSet(1, Kv("k", "a"));
        var snap = _t.Snap;
        var ws = new WatchSet(snap);
        snap.KvGet("k", ws);
        S.KvSet(2, Kv("k", "b")); // lands before the waiter registers
        Assert.True(await Fired(S.WaitAsync(ws, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Cancellation_returns_false_and_frees_the_entry()
    {
        S.KvSet(1, Kv("k", "a"));
        using var cts = new CancellationTokenSource();
        var w = WatchUntil((s, ws) => s.KvGet("k", ws), cts.Token);
        Assert.Equal(1, S.ActiveWatchCount);
        await cts.CancelAsync();
        Assert.False(await Fired(w.Wait));
        Assert.Equal(0, S.ActiveWatchCount);
    }

    [Fact]
    public async Task Empty_watch_set_waits_for_cancellation_only()
    {
        using var cts = new CancellationTokenSource();
        var ws = new WatchSet(_t.Snap);
        var wait = S.WaitAsync(ws, cts.Token);
        S.KvSet(1, Kv("k", "a"));
        Assert.False(wait.IsCompleted);
        await cts.CancelAsync();
        Assert.False(await Fired(wait));
    }

    [Fact]
    public async Task Ten_thousand_waiters_on_one_key_wake_together_and_others_stay_asleep()
    {
        S.KvSet(1, Kv("hot", "a"));
        S.KvSet(2, Kv("cold", "a"));
        var hot = new Task<bool>[10_000];
        for (var i = 0; i < hot.Length; i++)
        {
            hot[i] = Watch((s, ws) => s.KvGet("hot", ws)).Wait;
        }

        var cold = Enumerable.Range(0, 1000).Select(_ => Watch((s, ws) => s.KvGet("cold", ws)).Wait).ToArray();
        Assert.Equal(2, S.ActiveWatchCount);
        var sw = Stopwatch.StartNew();
        S.KvSet(3, Kv("hot", "b"));
        var results = await Task.WhenAll(hot).WaitAsync(Generous, TestContext.Current.CancellationToken);
        sw.Stop();
        Assert.All(results, Assert.True);
        Assert.True(S.HasWaiters(WatchKey.KvKey("cold")));
        Assert.All(cold, t => Assert.False(t.IsCompleted));
        TestContext.Current.TestOutputHelper?.WriteLine($"10,000 waiters woke in {sw.Elapsed.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task Concurrent_writer_and_waiters_never_miss_a_change()
    {
        // Waiters loop read -> wait while a writer bumps one key; every wait must end (no lost wake-up).
        S.KvSet(1, Kv("k", "0"));
        using var stop = new CancellationTokenSource();
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiters = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var rounds = 0;
            ulong seen = 0;
            while (seen < 2000)
            {
                var snap = _t.Snap;
                var ws = new WatchSet(snap);
                seen = snap.KvGet("k", ws).Index;
                if (rounds == 0 && Interlocked.Increment(ref started) == 4)
                {
                    allStarted.TrySetResult(); // the writer starts only once every waiter has read the first version
                }

                if (seen >= 2000)
                {
                    break;
                }

                Assert.True(await S.WaitAsync(ws, TestContext.Current.CancellationToken).WaitAsync(Generous, TestContext.Current.CancellationToken));
                rounds++;
            }

            return rounds;
        }, TestContext.Current.CancellationToken)).ToArray();
        await allStarted.Task.WaitAsync(Generous, TestContext.Current.CancellationToken);
        var writer = Task.Run(() =>
        {
            for (ulong i = 2; i <= 2000; i++)
            {
                S.KvSet(i, Kv("k", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (i % 50 == 0)
                {
                    Thread.Yield();
                }
            }
        }, TestContext.Current.CancellationToken);
        await writer;
        var rounds = await Task.WhenAll(waiters).WaitAsync(Generous, TestContext.Current.CancellationToken);
        Assert.All(rounds, r => Assert.True(r > 0));
        Assert.Equal(0, S.ActiveWatchCount);
    }

    [Fact]
    public async Task Restore_wakes_everyone()
    {
        S.KvSet(1, Kv("k", "a"));
        using var ms = new MemoryStream();
        StateStore.WriteSnapshot(_t.Snap, ms);
        var w = Watch((s, ws) => s.KvGet("other", ws));
        ms.Position = 0;
        S.Restore(ms);
        Assert.True(await Fired(w.Wait));
    }
}
