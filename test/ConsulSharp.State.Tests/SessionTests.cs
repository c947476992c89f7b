using ConsulSharp.Core.Structs;
using static ConsulSharp.State.Tests.TestStore;

namespace ConsulSharp.State.Tests;

public sealed class SessionTests
{
    private readonly TestStore _t = new();

    private StateStore S => _t.Store;

    [Fact]
    public void Create_requires_id_and_existing_node()
    {
        Assert.Equal(StateErrors.MissingSessionId, Assert.Throws<StateStoreException>(() => _t.Session(1, "", "n1")).Message);
        Assert.Equal(StateErrors.MissingNode, Assert.Throws<StateStoreException>(() => _t.Session(2, "s1", "n1")).Message);
        Assert.Empty(_t.Snap.Sessions().Value);
    }

    [Fact]
    public void Create_defaults_behavior_to_release_and_rejects_unknown_behavior()
    {
        _t.Node(1, "n1");
        var s = _t.Session(2, "s1", "n1");
        Assert.Equal(SessionBehavior.Release, s.Behavior);
        Assert.Equal((2ul, 2ul), (s.CreateIndex, s.ModifyIndex));
        Assert.Equal("Invalid session behavior: nope", Assert.Throws<StateStoreException>(() => _t.Session(3, "s2", "n1", "nope")).Message);
        Assert.Equal(2ul, _t.Snap.Sessions().Index);
    }

    [Fact]
    public void Create_validates_checks_exist_and_are_not_critical()
    {
        _t.Node(1, "n1");
        Assert.Equal("Missing check 'serfHealth' registration",
            Assert.Throws<StateStoreException>(() => _t.Session(2, "s1", "n1", checks: "serfHealth")).Message);
        _t.Check(3, "n1", "serfHealth", HealthStatus.Critical);
        Assert.Equal("Check 'serfHealth' is in critical state",
            Assert.Throws<StateStoreException>(() => _t.Session(4, "s1", "n1", checks: "serfHealth")).Message);
        _t.Check(5, "n1", "serfHealth", HealthStatus.Warning);
        _t.Session(6, "s1", "n1", checks: "serfHealth");
        Assert.Equal([new SessionCheck("n1", "serfHealth", "s1")], _t.Snap.SessionChecks());
    }

    [Fact]
    public void Service_checks_are_validated_and_linked()
    {
        _t.Node(1, "n1");
        _t.Service(2, "n1", "web1", "web");
        _t.Check(3, "n1", "web-check", HealthStatus.Passing, "web1");
        S.SessionCreate(4, new Session { Id = "s1", Node = "n1", ServiceChecks = ["web-check"] });
        S.DeregisterService(5, "n1", "web1");
        Assert.Null(_t.Snap.GetSession("s1").Value);
    }

    [Fact]
    public void Get_list_and_node_sessions()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Session(3, "s1", "n1");
        _t.Session(4, "s2", "n2");
        _t.Session(5, "s3", "n1");
        Assert.Equal("n1", _t.Snap.GetSession("S1").Value!.Node);
        Assert.Equal(["s1", "s2", "s3"], _t.Snap.Sessions().Value.Select(s => s.Id));
        Assert.Equal(["s1", "s3"], _t.Snap.NodeSessions("N1").Value.Select(s => s.Id));
        Assert.Equal(5ul, _t.Snap.NodeSessions("n1").Index);
    }

    [Fact]
    public void Destroy_with_release_behavior_unlocks_keys_keeping_values()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        Assert.True(S.KvLock(3, Kv("a", "va", session: "s1")));
        Assert.True(S.KvLock(4, Kv("b", "vb", session: "s1")));
        S.KvSet(5, Kv("c", "vc"));
        S.SessionDestroy(6, "s1");
        Assert.Null(_t.Snap.GetSession("s1").Value);
        var a = _t.Snap.KvGet("a").Value!;
        Assert.Equal(("", "va", 1ul, 6ul), (a.Session, Str(a), a.LockIndex, a.ModifyIndex));
        Assert.Equal(5ul, _t.Snap.KvGet("c").Value!.ModifyIndex);
        Assert.Equal(6ul, _t.Snap.TableIndex(StateTable.Sessions));
        Assert.Equal(DateTimeOffset.MinValue, S.KvLockDelayExpiration("a"));
    }

    [Fact]
    public void Destroy_with_delete_behavior_deletes_keys_with_tombstones()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1", SessionBehavior.Delete);
        Assert.True(S.KvLock(3, Kv("a", "va", session: "s1")));
        S.SessionDestroy(4, "s1");
        Assert.Null(_t.Snap.KvGet("a").Value);
        Assert.Equal([new Tombstone("a", 4)], _t.Snap.Tombstones());
    }

    [Fact]
    public void Destroy_of_missing_session_is_a_no_op()
    {
        _t.Node(1, "n1");
        S.SessionDestroy(2, "nope");
        Assert.Equal(0ul, _t.Snap.TableIndex(StateTable.Sessions));
    }

    [Fact]
    public void Check_going_critical_invalidates_bound_sessions_only()
    {
        _t.Node(1, "n1");
        _t.Check(2, "n1", "serfHealth", HealthStatus.Passing);
        _t.Check(3, "n1", "other", HealthStatus.Passing);
        _t.Session(4, "s1", "n1", checks: "serfHealth");
        _t.Session(5, "s2", "n1", checks: "other");
        _t.Session(6, "s3", "n1");
        Assert.True(S.KvLock(7, Kv("k", "v", session: "s1")));

        _t.Check(8, "n1", "serfHealth", HealthStatus.Warning);
        Assert.NotNull(_t.Snap.GetSession("s1").Value);

        _t.Check(9, "n1", "serfHealth", HealthStatus.Critical);
        Assert.Null(_t.Snap.GetSession("s1").Value);
        Assert.NotNull(_t.Snap.GetSession("s2").Value);
        Assert.NotNull(_t.Snap.GetSession("s3").Value);
        Assert.Equal("", _t.Snap.KvGet("k").Value!.Session);
        Assert.DoesNotContain(_t.Snap.SessionChecks(), l => l.Session == "s1");
    }

    [Fact]
    public void Deregistering_a_check_invalidates_bound_sessions()
    {
        _t.Node(1, "n1");
        _t.Check(2, "n1", "c1", HealthStatus.Passing);
        _t.Session(3, "s1", "n1", checks: "c1");
        S.DeregisterCheck(4, "n1", "c1");
        Assert.Null(_t.Snap.GetSession("s1").Value);
    }

    [Fact]
    public void Deregistering_the_node_invalidates_all_its_sessions_and_releases_locks()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Session(3, "s1", "n1", lockDelay: TimeSpan.FromSeconds(5));
        _t.Session(4, "s2", "n2");
        Assert.True(S.KvLock(5, Kv("k", "v", session: "s1")));
        S.DeregisterNode(6, "n1");
        Assert.Null(_t.Snap.GetSession("s1").Value);
        Assert.NotNull(_t.Snap.GetSession("s2").Value);
        Assert.Equal("", _t.Snap.KvGet("k").Value!.Session);
        Assert.Equal(_t.Time.GetUtcNow() + TimeSpan.FromSeconds(5), S.KvLockDelayExpiration("k"));
    }

    [Fact]
    public void Prepared_queries_bound_to_a_session_go_with_it()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        S.PreparedQuerySet(3, new PreparedQuery { Id = "q1", Name = "bound", Session = "s1" });
        S.PreparedQuerySet(4, new PreparedQuery { Id = "q2", Name = "free" });
        S.SessionDestroy(5, "s1");
        Assert.Equal(["q2"], _t.Snap.PreparedQueries().Value.Select(q => q.Id));
        Assert.Equal(5ul, _t.Snap.PreparedQueries().Index);
    }

    [Fact]
    public void Prepared_query_validation()
    {
        Assert.Equal(StateErrors.MissingQueryId, Assert.Throws<StateStoreException>(() => S.PreparedQuerySet(1, new PreparedQuery { Id = "" })).Message);
        Assert.Equal("invalid session \"nope\"", Assert.Throws<StateStoreException>(() => S.PreparedQuerySet(2, new PreparedQuery { Id = "q", Session = "nope" })).Message);
        S.PreparedQuerySet(3, new PreparedQuery { Id = "q1", Name = "n" });
        Assert.Equal("name \"n\" aliases an existing query name",
            Assert.Throws<StateStoreException>(() => S.PreparedQuerySet(4, new PreparedQuery { Id = "q2", Name = "n" })).Message);
        var updated = S.PreparedQuerySet(5, new PreparedQuery { Id = "q1", Name = "n", Token = "t" });
        Assert.Equal((3ul, 5ul), (updated.CreateIndex, updated.ModifyIndex));
        S.PreparedQueryDelete(6, "q1");
        Assert.Null(_t.Snap.GetPreparedQuery("q1").Value);
    }
}
