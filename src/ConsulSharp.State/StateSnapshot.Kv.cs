using ConsulSharp.Core.Structs;

namespace ConsulSharp.State;

public sealed partial class StateSnapshot
{
    /// <summary>Consul KVSGet: the entry or null; the index is the max of the kvs and tombstones tables.</summary>
    public QueryResult<KvEntry?> KvGet(string key, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.KvKey(key));
        return new(Tables.KvsMaxIndex, Tables.Kvs.Get(key));
    }

    /// <summary>
    /// Consul KVSList: every entry under the prefix in key order. The index is the max ModifyIndex of those entries and
    /// of tombstones under the prefix (so deletes move it); for "" or when that is 0, the kvs/tombstones table index.
    /// </summary>
    public QueryResult<IReadOnlyList<KvEntry>> KvList(string prefix, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.KvPrefix(prefix));
        var list = new List<KvEntry>();
        ulong lindex = 0;
        foreach (var kv in Tables.Kvs.WithPrefix(prefix))
        {
            list.Add(kv.Value);
            lindex = Math.Max(lindex, kv.Value.ModifyIndex);
        }

        return new(PrefixIndex(prefix, lindex), list);
    }

    /// <summary>
    /// Consul KVSKeys: keys under the prefix; with a separator, keys are cut just after the first separator following the
    /// prefix and de-duplicated. Index as <see cref="KvList"/>.
    /// </summary>
    public QueryResult<IReadOnlyList<string>> KvKeys(string prefix, string separator, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.KvPrefix(prefix));
        var keys = new List<string>();
        ulong lindex = 0;
        string? last = null;
        var e = Tables.Kvs.WithPrefix(prefix);
        while (e.MoveNext())
        {
            var entry = e.CurrentValue;
            lindex = Math.Max(lindex, entry.ModifyIndex);
            if (separator.Length == 0)
            {
                keys.Add(entry.Key);
                continue;
            }

            var sep = entry.Key.IndexOf(separator, prefix.Length, StringComparison.Ordinal);
            if (sep < 0)
            {
                keys.Add(entry.Key);
                continue;
            }

            // Emit the "directory" once, then take its max index and skip past it with one seek instead of
            // walking every key below it.
            var dir = entry.Key[..(sep + separator.Length)];
            if (dir == last)
            {
                continue;
            }

            keys.Add(dir);
            last = dir;
            var under = Tables.Kvs.WithPrefix(dir);
            while (under.MoveNext())
            {
                lindex = Math.Max(lindex, under.CurrentValue.ModifyIndex);
            }

            e = Tables.Kvs.From(dir + char.MaxValue, prefix);
        }

        return new(PrefixIndex(prefix, lindex), keys);
    }

    private ulong PrefixIndex(string prefix, ulong lindex)
    {
        if (prefix.Length > 0)
        {
            foreach (var t in Tables.Tombstones.WithPrefix(prefix))
            {
                lindex = Math.Max(lindex, t.Value.Index);
            }
        }
        else
        {
            lindex = Tables.KvsMaxIndex;
        }

        return lindex != 0 ? lindex : Tables.KvsMaxIndex;
    }

    /// <summary>All tombstones in key order (for tests, snapshots and the GC).</summary>
    public IReadOnlyList<Tombstone> Tombstones()
    {
        var list = new List<Tombstone>(Tables.Tombstones.Count);
        foreach (var t in Tables.Tombstones)
        {
            list.Add(t.Value);
        }

        return list;
    }

    public int KvCount => Tables.Kvs.Count;
}
