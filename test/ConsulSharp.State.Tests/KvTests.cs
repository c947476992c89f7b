using ConsulSharp.Core.Structs;
using static ConsulSharp.State.Tests.TestStore;

namespace ConsulSharp.State.Tests;

public sealed class KvTests
{
    private readonly TestStore _t = new();

    private StateStore S => _t.Store;

    [Fact]
    public void Set_creates_then_updates_keeping_create_index()
    {
        S.KvSet(1, Kv("foo", "bar"));
        var e = _t.Snap.KvGet("foo");
        Assert.Equal(1ul, e.Index);
        Assert.Equal("bar", Str(e.Value));
        Assert.Equal((1ul, 1ul), (e.Value!.CreateIndex, e.Value.ModifyIndex));

        S.KvSet(2, Kv("foo", "baz", flags: 42));
        e = _t.Snap.KvGet("foo");
        Assert.Equal((1ul, 2ul, 42ul), (e.Value!.CreateIndex, e.Value.ModifyIndex, e.Value.Flags));
        Assert.Equal(2ul, e.Index);
    }

    [Fact]
    public void Set_with_identical_content_does_not_bump_modify_index_or_table_index()
    {
        S.KvSet(1, Kv("foo", "bar"));
        var returned = S.KvSet(5, Kv("foo", "bar"));
        Assert.Equal(1ul, returned.ModifyIndex);
        var e = _t.Snap.KvGet("foo");
        Assert.Equal(1ul, e.Value!.ModifyIndex);
        Assert.Equal(1ul, e.Index);
    }

    [Fact]
    public void Get_missing_key_returns_null_with_table_index()
    {
        S.KvSet(3, Kv("a", "1"));
        var e = _t.Snap.KvGet("nope");
        Assert.Null(e.Value);
        Assert.Equal(3ul, e.Index);
    }

    [Fact]
    public void Keys_are_case_sensitive()
    {
        S.KvSet(1, Kv("Foo", "upper"));
        S.KvSet(2, Kv("foo", "lower"));
        Assert.Equal("upper", Str(_t.Snap.KvGet("Foo").Value));
        Assert.Equal("lower", Str(_t.Snap.KvGet("foo").Value));
    }

    [Fact]
    public void Null_and_empty_values_are_kept_distinct()
    {
        S.KvSet(1, Kv("n"));
        S.KvSet(2, Kv("e", ""));
        Assert.Null(_t.Snap.KvGet("n").Value!.Value);
        Assert.NotNull(_t.Snap.KvGet("e").Value!.Value);
    }

    [Fact]
    public void Cas_zero_is_create_only()
    {
        Assert.True(S.KvSetCas(1, Kv("foo", "a", modifyIndex: 0)));
        Assert.False(S.KvSetCas(2, Kv("foo", "b", modifyIndex: 0)));
        Assert.Equal("a", Str(_t.Snap.KvGet("foo").Value));
    }

    [Fact]
    public void Cas_requires_matching_modify_index_and_existing_key()
    {
        Assert.False(S.KvSetCas(1, Kv("foo", "a", modifyIndex: 7)));
        Assert.Null(_t.Snap.KvGet("foo").Value);
        S.KvSet(2, Kv("foo", "a"));
        Assert.False(S.KvSetCas(3, Kv("foo", "b", modifyIndex: 1)));
        Assert.True(S.KvSetCas(4, Kv("foo", "b", modifyIndex: 2)));
        var e = _t.Snap.KvGet("foo").Value!;
        Assert.Equal(("b", 2ul, 4ul), (Str(e), e.CreateIndex, e.ModifyIndex));
    }

    [Fact]
    public void Delete_leaves_a_tombstone_and_moves_indexes()
    {
        S.KvSet(1, Kv("foo/a", "1"));
        S.KvSet(2, Kv("foo/b", "2"));
        S.KvSet(3, Kv("bar", "3"));
        S.KvDelete(4, "foo/b");
        Assert.Null(_t.Snap.KvGet("foo/b").Value);
        Assert.Equal(4ul, _t.Snap.KvGet("foo/b").Index);
        Assert.Equal([new Tombstone("foo/b", 4)], _t.Snap.Tombstones());
        var list = _t.Snap.KvList("foo/");
        Assert.Equal(4ul, list.Index);
        Assert.Single(list.Value);
    }

    [Fact]
    public void Delete_of_missing_key_is_a_no_op()
    {
        S.KvSet(1, Kv("a", "1"));
        S.KvDelete(2, "nope");
        Assert.Empty(_t.Snap.Tombstones());
        Assert.Equal(1ul, _t.Snap.KvGet("a").Index);
    }

    [Fact]
    public void Prefix_list_index_is_max_of_entries_and_tombstones_under_prefix()
    {
        S.KvSet(1, Kv("foo/a", "1"));
        S.KvSet(2, Kv("other", "x"));
        Assert.Equal(1ul, _t.Snap.KvList("foo/").Index);
        S.KvSet(3, Kv("foo/b", "2"));
        Assert.Equal(3ul, _t.Snap.KvList("foo/").Index);
        S.KvDelete(4, "foo/b");
        Assert.Equal(4ul, _t.Snap.KvList("foo/").Index);
        S.KvSet(5, Kv("other", "y"));
        Assert.Equal(4ul, _t.Snap.KvList("foo/").Index);

        // Empty prefix uses the whole table index; an empty result falls back to it too.
        Assert.Equal(5ul, _t.Snap.KvList("").Index);
        Assert.Equal(5ul, _t.Snap.KvList("zzz/").Index);
    }

    [Fact]
    public void Reaping_tombstones_drops_those_at_or_below_the_index()
    {
        S.KvSet(1, Kv("a", "1"));
        S.KvSet(2, Kv("b", "1"));
        S.KvSet(3, Kv("c", "1"));
        S.KvDelete(4, "a");
        S.KvDelete(5, "b");
        S.KvDelete(6, "c");
        S.ReapTombstones(7, 5);
        Assert.Equal([new Tombstone("c", 6)], _t.Snap.Tombstones());
        Assert.Equal(7ul, _t.Snap.TableIndex(StateTable.Tombstones));
    }

    [Fact]
    public void Delete_cas_semantics()
    {
        S.KvSet(1, Kv("foo", "1"));
        Assert.False(S.KvDeleteCas(2, "foo", 5));
        Assert.NotNull(_t.Snap.KvGet("foo").Value);
        Assert.True(S.KvDeleteCas(3, "foo", 1));
        Assert.Null(_t.Snap.KvGet("foo").Value);

        // Deleting a key that does not exist "succeeds", as in Consul.
        Assert.True(S.KvDeleteCas(4, "never", 9));
    }

    [Fact]
    public void Delete_tree_removes_everything_under_prefix_with_one_tombstone()
    {
        S.KvSet(1, Kv("foo/a", "1"));
        S.KvSet(2, Kv("foo/b/c", "2"));
        S.KvSet(3, Kv("foobar", "3"));
        S.KvSet(4, Kv("fo", "4"));
        S.KvDeleteTree(5, "foo/");
        Assert.Equal(["fo", "foobar"], _t.Snap.KvList("").Value.Select(e => e.Key));
        Assert.Equal([new Tombstone("foo/", 5)], _t.Snap.Tombstones());
        Assert.Equal(5ul, _t.Snap.KvList("foo/").Index);

        // Nothing under the prefix: no-op, no tombstone.
        S.KvDeleteTree(6, "nothing/");
        Assert.Single(_t.Snap.Tombstones());
        Assert.Equal(5ul, _t.Snap.TableIndex(StateTable.Kvs));
    }

    [Fact]
    public void Delete_tree_of_everything_leaves_no_tombstone_but_bumps_table_index()
    {
        S.KvSet(1, Kv("a", "1"));
        S.KvSet(2, Kv("b", "1"));
        S.KvDeleteTree(3, "");
        Assert.Equal(0, _t.Snap.KvCount);
        Assert.Empty(_t.Snap.Tombstones());
        Assert.Equal(3ul, _t.Snap.KvGet("a").Index);
    }

    [Fact]
    public void Keys_with_separator_are_cut_and_deduplicated()
    {
        foreach (var (k, i) in new[] { "foo/bar/baz", "foo/bar/zip", "foo/zorp", "foo/nope/x", "foo", "foobar", "other/x" }.Select((k, i) => (k, i)))
        {
            S.KvSet((ulong)i + 1, Kv(k, "v"));
        }

        Assert.Equal(["foo/bar/", "foo/nope/", "foo/zorp"], _t.Snap.KvKeys("foo/", "/").Value);
        Assert.Equal(["foo", "foo/", "foobar", "other/"], _t.Snap.KvKeys("", "/").Value);
        Assert.Equal(
            ["foo/bar/baz", "foo/bar/zip", "foo/nope/x", "foo/zorp"],
            _t.Snap.KvKeys("foo/", "").Value);
        Assert.Equal(["foo/bar/baz", "foo/bar/zip"], _t.Snap.KvKeys("foo/bar/", "/").Value);
    }

    [Fact]
    public void Keys_with_separator_match_a_brute_force_reference_on_random_trees()
    {
        var rng = new Random(3);
        var parts = new[] { "a", "b", "ab", "a/", "/", "c/d", "\uffff", "x" };
        ulong idx = 1;
        for (var i = 0; i < 400; i++)
        {
            var key = string.Concat(Enumerable.Range(0, rng.Next(1, 5)).Select(_ => parts[rng.Next(parts.Length)]));
            S.KvSet(idx++, Kv(key, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (rng.Next(5) == 0)
            {
                S.KvDelete(idx++, key);
            }
        }

        var all = _t.Snap.KvList("").Value;
        foreach (var prefix in new[] { "", "a", "a/", "ab", "/", "x", "c/" })
        {
            foreach (var sep in new[] { "/", "b", "a/", "" })
            {
                var expected = new List<string>();
                ulong maxIndex = 0;
                foreach (var e in all.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    maxIndex = Math.Max(maxIndex, e.ModifyIndex);
                    var at = sep.Length == 0 ? -1 : e.Key.IndexOf(sep, prefix.Length, StringComparison.Ordinal);
                    var k = at < 0 ? e.Key : e.Key[..(at + sep.Length)];
                    if (expected.Count == 0 || expected[^1] != k)
                    {
                        expected.Add(k);
                    }
                }

                var r = _t.Snap.KvKeys(prefix, sep);
                Assert.Equal(expected, r.Value);
                Assert.True(r.Index >= maxIndex);
                Assert.Equal(_t.Snap.KvList(prefix).Index, r.Index);
            }
        }
    }

    [Fact]
    public void Keys_index_moves_on_delete_under_prefix()
    {
        S.KvSet(1, Kv("foo/a", "1"));
        S.KvSet(2, Kv("foo/b", "1"));
        S.KvDelete(3, "foo/b");
        Assert.Equal(3ul, _t.Snap.KvKeys("foo/", "/").Index);
    }

    [Fact]
    public void Plain_set_on_a_locked_key_keeps_the_holder()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        Assert.True(S.KvLock(3, Kv("lock", "held", session: "s1")));
        S.KvSet(4, Kv("lock", "overwritten", session: "someone-else"));
        var e = _t.Snap.KvGet("lock").Value!;
        Assert.Equal(("s1", "overwritten"), (e.Session, Str(e)));
        Assert.Equal(["lock"], _t.Snap.SessionKeys("s1"));
    }

    [Fact]
    public void Lock_requires_a_session_that_exists()
    {
        var ex = Assert.Throws<StateStoreException>(() => S.KvLock(1, Kv("k", "v")));
        Assert.Equal("missing session", ex.Message);
        ex = Assert.Throws<StateStoreException>(() => S.KvLock(2, Kv("k", "v", session: "nope")));
        Assert.Equal("invalid session \"nope\"", ex.Message);
        Assert.Null(_t.Snap.KvGet("k").Value);
    }

    [Fact]
    public void Lock_new_key_starts_lock_index_at_one()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        Assert.True(S.KvLock(3, Kv("k", "v", session: "s1")));
        var e = _t.Snap.KvGet("k").Value!;
        Assert.Equal((1ul, 3ul, 3ul, "s1"), (e.LockIndex, e.CreateIndex, e.ModifyIndex, e.Session));
    }

    [Fact]
    public void Lock_existing_unlocked_key_increments_lock_index_and_keeps_create_index()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        S.KvSet(3, Kv("k", "v"));
        Assert.True(S.KvLock(4, Kv("k", "v2", session: "s1")));
        var e = _t.Snap.KvGet("k").Value!;
        Assert.Equal((1ul, 3ul, 4ul), (e.LockIndex, e.CreateIndex, e.ModifyIndex));
    }

    [Fact]
    public void Relocking_by_the_holder_keeps_lock_index_and_updates_value()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        Assert.True(S.KvLock(3, Kv("k", "a", session: "s1")));
        Assert.True(S.KvLock(4, Kv("k", "b", session: "s1")));
        var e = _t.Snap.KvGet("k").Value!;
        Assert.Equal((1ul, 4ul, "b"), (e.LockIndex, e.ModifyIndex, Str(e)));

        // Same value again: succeeds without a write.
        Assert.True(S.KvLock(5, Kv("k", "b", session: "s1")));
        Assert.Equal(4ul, _t.Snap.KvGet("k").Value!.ModifyIndex);
    }

    [Fact]
    public void Lock_held_by_another_session_fails_without_change()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        _t.Session(3, "s2", "n1");
        Assert.True(S.KvLock(4, Kv("k", "a", session: "s1")));
        Assert.False(S.KvLock(5, Kv("k", "b", session: "s2")));
        var e = _t.Snap.KvGet("k").Value!;
        Assert.Equal(("s1", "a", 4ul), (e.Session, Str(e), e.ModifyIndex));
    }

    [Fact]
    public void Unlock_by_holder_clears_session_keeps_lock_index_and_next_holder_increments()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        _t.Session(3, "s2", "n1");
        Assert.True(S.KvLock(4, Kv("k", "a", session: "s1")));
        Assert.False(S.KvUnlock(5, Kv("k", "x", session: "s2")));
        Assert.True(S.KvUnlock(6, Kv("k", "released", session: "s1")));
        var e = _t.Snap.KvGet("k").Value!;
        Assert.Equal(("", 1ul, 6ul, "released"), (e.Session, e.LockIndex, e.ModifyIndex, Str(e)));
        Assert.Empty(_t.Snap.SessionKeys("s1"));

        Assert.True(S.KvLock(7, Kv("k", "b", session: "s2")));
        Assert.Equal(2ul, _t.Snap.KvGet("k").Value!.LockIndex);
    }

    [Fact]
    public void Unlock_of_missing_key_or_unlocked_key_fails()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1");
        Assert.False(S.KvUnlock(3, Kv("missing", session: "s1")));
        S.KvSet(4, Kv("free", "v"));
        Assert.False(S.KvUnlock(5, Kv("free", session: "s1")));
        Assert.Equal("missing session", Assert.Throws<StateStoreException>(() => S.KvUnlock(6, Kv("free"))).Message);
    }

    [Fact]
    public void Lock_delay_blocks_acquire_until_it_expires_when_now_is_given()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1", lockDelay: TimeSpan.FromSeconds(15));
        _t.Session(3, "s2", "n1");
        Assert.True(S.KvLock(4, Kv("k", "a", session: "s1")));
        S.SessionDestroy(5, "s1");
        var now = _t.Time.GetUtcNow();
        Assert.Equal(now + TimeSpan.FromSeconds(15), S.KvLockDelayExpiration("k"));
        Assert.False(S.KvLock(6, Kv("k", "b", session: "s2"), now + TimeSpan.FromSeconds(14)));
        Assert.True(S.KvLock(7, Kv("k", "b", session: "s2"), now + TimeSpan.FromSeconds(16)));
    }

    [Fact]
    public void Lock_delay_is_capped_at_sixty_seconds()
    {
        _t.Node(1, "n1");
        _t.Session(2, "s1", "n1", lockDelay: TimeSpan.FromMinutes(10));
        Assert.True(S.KvLock(3, Kv("k", "a", session: "s1")));
        S.SessionDestroy(4, "s1");
        Assert.Equal(_t.Time.GetUtcNow() + TimeSpan.FromSeconds(60), S.KvLockDelayExpiration("k"));
    }

    [Fact]
    public void Readers_keep_a_consistent_old_version()
    {
        S.KvSet(1, Kv("a", "1"));
        var old = _t.Snap;
        S.KvSet(2, Kv("a", "2"));
        S.KvDelete(3, "a");
        Assert.Equal("1", Str(old.KvGet("a").Value));
        Assert.Equal(1ul, old.KvGet("a").Index);
        Assert.Null(_t.Snap.KvGet("a").Value);
    }
}
