namespace ConsulSharp.State.Internal;

/// <summary>What a write transaction changed: the watch items to fire on commit. Reused by the single writer.</summary>
internal sealed class ChangeSet
{
    private const int KeepCapacity = 1024;

    public HashSet<WatchKey> Items { get; private set; } = [];

    public List<string> KvKeys { get; private set; } = [];

    /// <summary>Lock delays to record on commit: key and delay.</summary>
    public readonly List<(string Key, TimeSpan Delay)> LockDelays = [];

    /// <summary>Empties the set; after an unusually large write the buffers are dropped so later clears stay O(1).</summary>
    public void Clear()
    {
        if (Items.Count > KeepCapacity)
        {
            Items = [];
        }
        else
        {
            Items.Clear();
        }

        if (KvKeys.Count > KeepCapacity)
        {
            KvKeys = [];
        }
        else
        {
            KvKeys.Clear();
        }

        LockDelays.Clear();
    }
}
