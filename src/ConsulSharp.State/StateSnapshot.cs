using ConsulSharp.State.Internal;

namespace ConsulSharp.State;

/// <summary>
/// One immutable version of the whole state. Every query on it sees the same data; any number of threads may use it
/// without locks. Each query takes an optional <see cref="WatchSet"/> to which it adds the items it read, for blocking.
/// </summary>
public sealed partial class StateSnapshot
{
    internal StateSnapshot(Tables tables, long version)
    {
        Tables = tables;
        Version = version;
    }

    internal Tables Tables { get; }

    /// <summary>Monotonic number of this version within its store (not a raft index).</summary>
    public long Version { get; }

    /// <summary>Highest raft index applied to this version.</summary>
    public ulong LastIndex => Tables.LastIndex;

    /// <summary>Max index of one table (<see cref="StateTable"/> names).</summary>
    public ulong TableIndex(string table) => Tables.TableIndex(table);

    private static void Watch(WatchSet? ws, WatchKey key) => ws?.Add(key);
}
