namespace ConsulSharp.State.Internal;

/// <summary>
/// One write transaction at one raft index over a private clone of the current tables. Nothing is visible until the
/// store commits it; throwing (or dropping it) aborts it whole. Single-threaded: only the store's writer uses it.
/// </summary>
internal sealed partial class WriteTxn
{
    public static readonly TimeSpan MaxLockDelay = TimeSpan.FromSeconds(60);

    private readonly ChangeSet _changes;

    public WriteTxn(Tables current, ulong index, ChangeSet changes)
    {
        T = current.Clone();
        Index = index;
        _changes = changes;
        if (index > T.LastIndex)
        {
            T.LastIndex = index;
        }
    }

    public Tables T { get; }

    public ulong Index { get; }

    public ChangeSet Changes => _changes;

    private void Touch(WatchKey key) => _changes.Items.Add(key);

    private void TouchKv(string key) => _changes.KvKeys.Add(key);

    /// <summary>Marks a service name's index and watchers (Consul "service.NAME" index entries).</summary>
    private void TouchService(string name)
    {
        var lower = Keys.Lower(name);
        T.ServiceIndexes = T.ServiceIndexes.SetItem(lower, Index);
        Touch(new WatchKey(WatchKind.Service, lower));
    }

    /// <summary>A node-wide change (node row or node-level check) changes the health of every service on it.</summary>
    private void TouchAllServicesOfNode(string node)
    {
        foreach (var svc in T.Services.WithPrefix(Keys.PairPrefix(node)))
        {
            TouchService(svc.Value.Name);
        }
    }

    private static StateStoreException Error(string message) => new(message);

    internal static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
