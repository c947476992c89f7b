using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Internal;

internal sealed partial class WriteTxn
{
    /// <summary>
    /// Consul kvsSetTxn: CreateIndex from the existing row; the session kept unless <paramref name="updateSession"/>;
    /// an unchanged entry (content equal, indexes aside) is not written and keeps its ModifyIndex.
    /// </summary>
    public KvEntry KvSet(KvEntry entry, bool updateSession)
    {
        var existing = T.Kvs.Get(entry.Key);
        var e = entry with
        {
            CreateIndex = existing?.CreateIndex ?? Index,
            Session = updateSession ? entry.Session : existing?.Session ?? "",
        };

        if (existing is not null && SameContent(existing, e))
        {
            return e with { ModifyIndex = existing.ModifyIndex };
        }

        e = e with { ModifyIndex = Index };
        InsertKv(e, existing);
        return e;
    }

    private static bool SameContent(KvEntry a, KvEntry b) =>
        a.LockIndex == b.LockIndex && a.Key == b.Key && a.Flags == b.Flags
        && StructEquality.Same(a.Value, b.Value) && a.Session == b.Session;

    private void InsertKv(KvEntry e, KvEntry? existing)
    {
        T.Kvs = T.Kvs.Set(e.Key, e);
        var oldSession = existing?.Session ?? "";
        if (oldSession != e.Session)
        {
            if (oldSession.Length > 0)
            {
                T.KvsBySession = T.KvsBySession.Remove(Keys.SessionKv(oldSession, e.Key));
            }

            if (e.Session.Length > 0)
            {
                T.KvsBySession = T.KvsBySession.Set(Keys.SessionKv(e.Session, e.Key), e.Key);
            }
        }

        T.KvsIndex = Index;
        TouchKv(e.Key);
    }

    /// <summary>Consul kvsDeleteTxn: a missing key is a no-op; otherwise delete and leave a tombstone.</summary>
    public void KvDelete(string key)
    {
        var existing = T.Kvs.Get(key);
        if (existing is null)
        {
            return;
        }

        AddTombstone(key);
        RemoveKv(existing);
    }

    private void AddTombstone(string key)
    {
        T.Tombstones = T.Tombstones.Set(key, new Tombstone(key, Index));
        T.TombstonesIndex = Index;
    }

    private void RemoveKv(KvEntry existing)
    {
        T.Kvs = T.Kvs.Remove(existing.Key);
        if (existing.Session.Length > 0)
        {
            T.KvsBySession = T.KvsBySession.Remove(Keys.SessionKv(existing.Session, existing.Key));
        }

        T.KvsIndex = Index;
        TouchKv(existing.Key);
    }

    /// <summary>Consul kvsDeleteCASTxn: true when deleted, or when the key does not exist.</summary>
    public bool KvDeleteCas(string key, ulong casIndex)
    {
        var existing = T.Kvs.Get(key);
        if (existing is null)
        {
            return true;
        }

        if (existing.ModifyIndex != casIndex)
        {
            return false;
        }

        KvDelete(key);
        return true;
    }

    /// <summary>Consul kvsSetCASTxn: ModifyIndex 0 means create-only; otherwise it must equal the current one.</summary>
    public KvEntry? KvSetCas(KvEntry entry)
    {
        var existing = T.Kvs.Get(entry.Key);
        if (entry.ModifyIndex == 0 && existing is not null)
        {
            return null;
        }

        if (entry.ModifyIndex != 0 && (existing is null || existing.ModifyIndex != entry.ModifyIndex))
        {
            return null;
        }

        return KvSet(entry, updateSession: false);
    }

    /// <summary>Consul kvsDeleteTreeTxn: one tombstone for the prefix (none for ""), every key under it removed.</summary>
    public void KvDeleteTree(string prefix)
    {
        var doomed = new List<KvEntry>();
        foreach (var kv in T.Kvs.WithPrefix(prefix))
        {
            doomed.Add(kv.Value);
        }

        if (doomed.Count == 0)
        {
            return;
        }

        foreach (var e in doomed)
        {
            RemoveKv(e);
        }

        if (prefix.Length > 0)
        {
            AddTombstone(prefix);
        }
    }

    /// <summary>
    /// Consul kvsLockTxn: acquires when the key is unlocked or already held by the same session. A new holder increments
    /// LockIndex (a new key starts at 1). Returns the stored entry, or null when another session holds the lock.
    /// </summary>
    public KvEntry? KvLock(KvEntry entry)
    {
        if (entry.Session.Length == 0)
        {
            throw Error("missing session");
        }

        if (T.Sessions.Get(Keys.Lower(entry.Session)) is null)
        {
            throw Error("invalid session " + Quote(entry.Session));
        }

        var existing = T.Kvs.Get(entry.Key);
        KvEntry e;
        if (existing is not null)
        {
            if (string.Equals(existing.Session, entry.Session, StringComparison.OrdinalIgnoreCase))
            {
                e = entry with { CreateIndex = existing.CreateIndex, LockIndex = existing.LockIndex, Session = existing.Session };
            }
            else if (existing.Session.Length > 0)
            {
                return null;
            }
            else
            {
                e = entry with { CreateIndex = existing.CreateIndex, LockIndex = existing.LockIndex + 1 };
            }
        }
        else
        {
            e = entry with { CreateIndex = Index, LockIndex = 1 };
        }

        return KvSet(e, updateSession: true);
    }

    /// <summary>Consul kvsUnlockTxn: only the holder can release; the value is replaced, LockIndex kept.</summary>
    public KvEntry? KvUnlock(KvEntry entry)
    {
        if (entry.Session.Length == 0)
        {
            throw Error("missing session");
        }

        var existing = T.Kvs.Get(entry.Key);
        if (existing is null || !string.Equals(existing.Session, entry.Session, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var e = entry with { Session = "", LockIndex = existing.LockIndex, CreateIndex = existing.CreateIndex };
        return KvSet(e, updateSession: true);
    }

    /// <summary>Consul graveyard ReapTxn: drops tombstones at or below <paramref name="upTo"/>.</summary>
    public void ReapTombstones(ulong upTo)
    {
        var doomed = new List<string>();
        foreach (var t in T.Tombstones)
        {
            if (t.Value.Index <= upTo)
            {
                doomed.Add(t.Key);
            }
        }

        if (doomed.Count == 0)
        {
            return;
        }

        foreach (var k in doomed)
        {
            T.Tombstones = T.Tombstones.Remove(k);
        }

        T.TombstonesIndex = Index;
    }
}
