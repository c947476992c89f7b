namespace ConsulSharp.State;

/// <summary>What a watch item names.</summary>
public enum WatchKind
{
    /// <summary>A whole table (<see cref="StateTable"/> name).</summary>
    Table = 1,

    /// <summary>One KV key (exact, case-sensitive).</summary>
    KvKey = 2,

    /// <summary>Every KV key starting with the prefix, including deletes under it.</summary>
    KvPrefix = 3,

    /// <summary>A service name (case-insensitive): its instances, their checks and their nodes.</summary>
    Service = 4,

    /// <summary>A node name (case-insensitive): the node row, its services and its checks.</summary>
    Node = 5,

    /// <summary>One session by id.</summary>
    Session = 6,

    /// <summary>The sessions of one node.</summary>
    NodeSessions = 7,
}
