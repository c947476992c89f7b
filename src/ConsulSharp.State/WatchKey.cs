namespace ConsulSharp.State;

/// <summary>One watched item. Names of case-insensitive kinds are stored lowercased.</summary>
public readonly record struct WatchKey(WatchKind Kind, string Name)
{
    public static WatchKey Table(string table) => new(WatchKind.Table, table);

    public static WatchKey KvKey(string key) => new(WatchKind.KvKey, key);

    public static WatchKey KvPrefix(string prefix) => new(WatchKind.KvPrefix, prefix);

    public static WatchKey Service(string name) => new(WatchKind.Service, name.ToLowerInvariant());

    public static WatchKey Node(string name) => new(WatchKind.Node, name.ToLowerInvariant());

    public static WatchKey Session(string id) => new(WatchKind.Session, id.ToLowerInvariant());

    public static WatchKey NodeSessions(string node) => new(WatchKind.NodeSessions, node.ToLowerInvariant());
}
