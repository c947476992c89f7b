using ConsulSharp.Core.Structs;
using static ConsulSharp.State.Tests.TestStore;

namespace ConsulSharp.State.Tests;

public sealed class TxnTests
{
    private readonly TestStore _t = new();

    private StateStore S => _t.Store;

    [Fact]
    public void All_ops_apply_at_one_index_and_writes_return_entries_without_values()
    {
        S.KvSet(1, Kv("existing", "old"));
        var r = S.Txn(2,
        [
            new TxnKvOp(TxnKvVerb.Set, Kv("a", "1")),
            new TxnKvOp(TxnKvVerb.Cas, Kv("existing", "new", modifyIndex: 1)),
            new TxnKvOp(TxnKvVerb.Get, Kv("a")),
            new TxnKvOp(TxnKvVerb.Delete, Kv("nothing")),
            new TxnKvOp(TxnKvVerb.CheckIndex, Kv("existing", modifyIndex: 2)),
        ]);
        Assert.True(r.Succeeded);
        Assert.Equal(4, r.Results.Count);
        Assert.Null(r.Results[0].Kv!.Value);
        Assert.Equal(2ul, r.Results[0].Kv!.ModifyIndex);
        Assert.Null(r.Results[1].Kv!.Value);
        Assert.Equal("1", Str(r.Results[2].Kv)); // a get inside the txn sees the earlier set, with its value
        Assert.Null(r.Results[3].Kv!.Value);
        Assert.Equal("new", Str(_t.Snap.KvGet("existing").Value));
        Assert.Equal(2ul, _t.Snap.LastIndex);
    }

    [Fact]
    public void Any_failure_rolls_back_everything_and_reports_every_failed_op()
    {
        S.KvSet(1, Kv("k", "v"));
        var r = S.Txn(2,
        [
            new TxnKvOp(TxnKvVerb.Set, Kv("new", "x")),
            new TxnKvOp(TxnKvVerb.Cas, Kv("k", "y", modifyIndex: 99)),
            new TxnKvOp(TxnKvVerb.Delete, Kv("k")),
            new TxnKvOp(TxnKvVerb.Get, Kv("missing")),
        ]);
        Assert.False(r.Succeeded);
        Assert.Empty(r.Results);
        Assert.Equal(
            [new TxnError(1, "failed to set key \"k\", index is stale"), new TxnError(3, "key \"missing\" doesn't exist")],
            r.Errors);
        Assert.Null(_t.Snap.KvGet("new").Value);
        Assert.Equal("v", Str(_t.Snap.KvGet("k").Value));
        Assert.Equal(1ul, _t.Snap.LastIndex);
    }

    [Fact]
    public void Kv_error_texts_match_consul()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        _t.Session(3, "s2", "n1");
        S.KvLock(4, Kv("locked", "v", session: "s1"));
        S.KvSet(5, Kv("plain", "v"));
        (TxnOp Op, string Error)[] cases =
        [
            (new TxnKvOp(TxnKvVerb.DeleteCas, Kv("plain", modifyIndex: 1)), "failed to delete key \"plain\", index is stale"),
            (new TxnKvOp(TxnKvVerb.Lock, Kv("locked", session: "s2")), "failed to lock key \"locked\", lock is already held"),
            (new TxnKvOp(TxnKvVerb.Lock, Kv("x")), "missing session"),
            (new TxnKvOp(TxnKvVerb.Lock, Kv("x", session: "ghost")), "invalid session \"ghost\""),
            (new TxnKvOp(TxnKvVerb.Unlock, Kv("locked", session: "s2")), "failed to unlock key \"locked\", lock isn't held, or is held by another session"),
            (new TxnKvOp(TxnKvVerb.CheckSession, Kv("locked", session: "s2")), "failed session check for key \"locked\", current session \"s1\" != \"s2\""),
            (new TxnKvOp(TxnKvVerb.CheckSession, Kv("nokey", session: "s2")), "failed to check session, key \"nokey\" doesn't exist"),
            (new TxnKvOp(TxnKvVerb.CheckIndex, Kv("plain", modifyIndex: 3)), "failed index check for key \"plain\", current modify index 5 != 3"),
            (new TxnKvOp(TxnKvVerb.CheckIndex, Kv("nokey", modifyIndex: 3)), "failed to check index, key \"nokey\" doesn't exist"),
            (new TxnKvOp(TxnKvVerb.CheckNotExists, Kv("plain")), "key \"plain\" exists"),
            (new TxnKvOp(TxnKvVerb.Cas, Kv("plain", "z", modifyIndex: 0)), "failed to set key \"plain\", index is stale"),
        ];
        foreach (var (op, error) in cases)
        {
            var r = S.Txn(10, [op]);
            Assert.Equal([new TxnError(0, error)], r.Errors);
        }
    }

    [Fact]
    public void Get_tree_get_or_empty_check_not_exists_and_delete_tree()
    {
        S.KvSet(1, Kv("dir/a", "1"));
        S.KvSet(2, Kv("dir/b", "2"));
        var r = S.Txn(3,
        [
            new TxnKvOp(TxnKvVerb.GetTree, Kv("dir/")),
            new TxnKvOp(TxnKvVerb.GetOrEmpty, Kv("nope")),
            new TxnKvOp(TxnKvVerb.CheckNotExists, Kv("nope")),
            new TxnKvOp(TxnKvVerb.DeleteTree, Kv("dir/")),
        ]);
        Assert.True(r.Succeeded);
        Assert.Equal(["dir/a", "dir/b", "nope"], r.Results.Select(x => x.Kv!.Key));
        Assert.Equal("1", Str(r.Results[0].Kv));
        Assert.Null(r.Results[2].Kv!.Value);
        Assert.Equal(0, _t.Snap.KvCount);
    }

    [Fact]
    public void Lock_in_txn_and_check_session()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        var r = S.Txn(3,
        [
            new TxnKvOp(TxnKvVerb.Lock, Kv("leader", "me", session: "s1")),
            new TxnKvOp(TxnKvVerb.CheckSession, Kv("leader", session: "s1")),
        ]);
        Assert.True(r.Succeeded);
        Assert.Equal(1ul, r.Results[0].Kv!.LockIndex);
        Assert.Equal("s1", _t.Snap.KvGet("leader").Value!.Session);
    }

    [Fact]
    public void Catalog_ops_in_txn()
    {
        var r = S.Txn(1,
        [
            new TxnNodeOp(TxnCatalogVerb.Set, new Node { Name = "n1", Address = "1.2.3.4" }),
            new TxnServiceOp(TxnCatalogVerb.Set, new ServiceInstance { Node = "n1", Id = "web1", Name = "web" }),
            new TxnCheckOp(TxnCatalogVerb.Set, new HealthCheck { Node = "n1", CheckId = "c1", ServiceId = "web1", Status = HealthStatus.Passing }),
            new TxnNodeOp(TxnCatalogVerb.Get, new Node { Name = "n1" }),
        ]);
        Assert.True(r.Succeeded, string.Join(";", r.Errors));
        Assert.Equal("1.2.3.4", r.Results[0].Node!.Address);
        Assert.Equal("web", r.Results[2].Check!.ServiceName);
        Assert.Single(_t.Snap.CheckServiceNodes("web").Value);

        (TxnOp Op, string Error)[] cases =
        [
            (new TxnNodeOp(TxnCatalogVerb.Get, new Node { Name = "ghost" }), "node \"ghost\" doesn't exist"),
            (new TxnNodeOp(TxnCatalogVerb.Cas, new Node { Name = "n1", ModifyIndex = 7 }), "failed to set node \"n1\", index is stale"),
            (new TxnNodeOp(TxnCatalogVerb.DeleteCas, new Node { Name = "n1", ModifyIndex = 7 }), "failed to delete node \"n1\", index is stale"),
            (new TxnServiceOp(TxnCatalogVerb.Get, new ServiceInstance { Node = "n1", Id = "x", Name = "" }), "service \"x\" on node \"n1\" doesn't exist"),
            (new TxnServiceOp(TxnCatalogVerb.Cas, new ServiceInstance { Node = "n1", Id = "web1", Name = "web", ModifyIndex = 7 }), "failed to set service \"web1\" on node \"n1\", index is stale"),
            (new TxnServiceOp(TxnCatalogVerb.DeleteCas, new ServiceInstance { Node = "n1", Id = "web1", Name = "web", ModifyIndex = 7 }), "failed to delete service \"web1\" on node \"n1\", index is stale"),
            (new TxnCheckOp(TxnCatalogVerb.Get, new HealthCheck { Node = "n1", CheckId = "x" }), "check \"x\" on node \"n1\" doesn't exist"),
            (new TxnCheckOp(TxnCatalogVerb.Cas, new HealthCheck { Node = "n1", CheckId = "c1", ModifyIndex = 7 }), "failed to set check \"c1\" on node \"n1\", index is stale"),
            (new TxnCheckOp(TxnCatalogVerb.DeleteCas, new HealthCheck { Node = "n1", CheckId = "c1", ModifyIndex = 7 }), "failed to delete check \"c1\" on node \"n1\", index is stale"),
            (new TxnServiceOp(TxnCatalogVerb.Set, new ServiceInstance { Node = "ghost", Id = "x", Name = "x" }), StateErrors.MissingNode),
        ];
        foreach (var (op, error) in cases)
        {
            Assert.Equal([new TxnError(0, error)], S.Txn(2, [op]).Errors);
        }

        Assert.True(S.Txn(3, [new TxnNodeOp(TxnCatalogVerb.DeleteCas, new Node { Name = "n1", ModifyIndex = 1 })]).Succeeded);
        Assert.Null(_t.Snap.GetNode("n1").Value);
    }

    [Fact]
    public void Session_delete_in_txn()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        S.KvLock(3, Kv("held", "v", session: "s1"));
        Assert.True(S.Txn(3, [new TxnSessionOp("s1")]).Succeeded);
        Assert.Null(_t.Snap.GetSession("s1").Value);
        Assert.Equal("", _t.Snap.KvGet("held").Value!.Session);
        Assert.Equal([new TxnError(0, "failed to delete session: failed deleting session: not found")], S.Txn(4, [new TxnSessionOp("s1")]).Errors);
    }

    [Fact]
    public void Read_only_txn_runs_on_a_snapshot_without_writing()
    {
        S.KvSet(1, Kv("a", "1"));
        var snap = _t.Snap;
        var r = StateStore.TxnRead(snap, [new TxnKvOp(TxnKvVerb.Get, Kv("a")), new TxnKvOp(TxnKvVerb.CheckIndex, Kv("a", modifyIndex: 1))]);
        Assert.True(r.Succeeded);
        Assert.Equal("1", Str(r.Results[0].Kv));
        Assert.Same(snap, _t.Snap);
    }
}
