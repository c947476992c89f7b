namespace ConsulSharp.State;

/// <summary>
/// What a read looked at, and the version it read. Pass it to <see cref="StateStore.WaitAsync(WatchSet, TimeSpan, CancellationToken)"/> to wait until any of it
/// changes after that version. Not thread-safe: one per request.
/// </summary>
public sealed class WatchSet
{
    private readonly HashSet<WatchKey> _items = [];

    public WatchSet(StateSnapshot snapshot)
    {
        Version = snapshot.Version;
    }

    /// <summary>The store version the reads were made against.</summary>
    public long Version { get; }

    public int Count => _items.Count;

    public IReadOnlyCollection<WatchKey> Items => _items;

    public void Add(WatchKey key) => _items.Add(key);
}
