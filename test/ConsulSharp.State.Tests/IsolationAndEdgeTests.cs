using System.Globalization;
using ConsulSharp.Core.Structs;
using static ConsulSharp.State.Tests.TestStore;

namespace ConsulSharp.State.Tests;

public sealed class IsolationAndEdgeTests
{
    private readonly TestStore _t = new();

    private StateStore S => _t.Store;

    [Fact]
    public async Task Readers_never_see_half_of_a_transaction()
    {
        S.Txn(1, [new TxnKvOp(TxnKvVerb.Set, Kv("a", "0")), new TxnKvOp(TxnKvVerb.Set, Kv("b", "0"))]);
        var ct = TestContext.Current.CancellationToken;
        var writer = Task.Run(() =>
        {
            for (var i = 1; i <= 3000; i++)
            {
                var v = i.ToString(CultureInfo.InvariantCulture);
                S.Txn((ulong)i + 1, [new TxnKvOp(TxnKvVerb.Set, Kv("a", v)), new TxnKvOp(TxnKvVerb.Set, Kv("b", v))]);
            }
        }, ct);
        var checks = 0;
        while (!writer.IsCompleted)
        {
            var snap = _t.Snap;
            Assert.Equal(Str(snap.KvGet("a").Value), Str(snap.KvGet("b").Value));
            Assert.Equal(snap.KvList("").Index, snap.LastIndex);
            checks++;
        }

        await writer;
        Assert.True(checks > 0);
        Assert.Equal("3000", Str(_t.Snap.KvGet("b").Value));
    }

    [Fact]
    public void Plain_set_of_a_new_key_ignores_the_session_field()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        S.KvSet(3, Kv("k", "v", session: "s1"));
        Assert.Equal("", _t.Snap.KvGet("k").Value!.Session);
        Assert.Empty(_t.Snap.SessionKeys("s1"));
    }

    [Fact]
    public void Skip_node_update_still_creates_a_missing_node()
    {
        S.Register(1, new CatalogRegistration { Node = new Node { Name = "n1", Address = "1.1.1.1" }, SkipNodeUpdate = true });
        Assert.Equal("1.1.1.1", _t.Snap.GetNode("n1").Value!.Address);
    }

    [Fact]
    public async Task Delete_tree_wakes_watchers_of_each_deleted_key()
    {
        S.KvSet(1, Kv("dir/a", "1"));
        S.KvSet(2, Kv("dir/b", "1"));
        S.KvSet(3, Kv("other", "1"));
        var snap = _t.Snap;
        var wsA = new WatchSet(snap);
        snap.KvGet("dir/b", wsA);
        var wsOther = new WatchSet(snap);
        snap.KvGet("other", wsOther);
        var ct = TestContext.Current.CancellationToken;
        var waitA = S.WaitAsync(wsA, ct);
        var waitOther = S.WaitAsync(wsOther, ct);
        S.KvDeleteTree(4, "dir/");
        Assert.True(await waitA.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.True(S.HasWaiters(WatchKey.KvKey("other")));
        Assert.False(waitOther.IsCompleted);
    }

    [Fact]
    public async Task A_watch_set_with_several_items_wakes_on_any_of_them()
    {
        _t.Node(1, "n1");
        S.KvSet(2, Kv("k", "v"));
        var snap = _t.Snap;
        var ws = new WatchSet(snap);
        snap.KvGet("k", ws);
        snap.Nodes(ws);
        snap.CheckServiceNodes("web", ws: ws);
        Assert.Equal(3, ws.Count);
        var ct = TestContext.Current.CancellationToken;
        var wait = S.WaitAsync(ws, ct);
        _t.Node(3, "n2");
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal(0, S.ActiveWatchCount);
    }

    [Fact]
    public void Refused_write_leaves_the_published_version_untouched()
    {
        S.KvSet(1, Kv("k", "v"));
        var before = _t.Snap;
        Assert.Throws<StateStoreException>(() => S.KvLock(2, Kv("k", "x", session: "ghost")));
        Assert.Throws<StateStoreException>(() => _t.Service(3, "nope", "s", "s"));
        Assert.Same(before, _t.Snap);
    }

    [Fact]
    public void Node_lookup_by_id_is_case_insensitive_and_follows_updates()
    {
        S.EnsureNode(1, new Node { Name = "n1", Id = "ABCDEF00-0000-0000-0000-000000000000" });
        Assert.Equal("n1", _t.Snap.GetNodeById("abcdef00-0000-0000-0000-000000000000").Value!.Name);
        S.EnsureNode(2, new Node { Name = "n1", Id = "ABCDEF00-0000-0000-0000-000000000000", Address = "2.2.2.2" });
        Assert.Equal("2.2.2.2", _t.Snap.GetNodeById("ABCDEF00-0000-0000-0000-000000000000").Value!.Address);
        S.DeregisterNode(3, "n1");
        Assert.Null(_t.Snap.GetNodeById("abcdef00-0000-0000-0000-000000000000").Value);
    }
}
