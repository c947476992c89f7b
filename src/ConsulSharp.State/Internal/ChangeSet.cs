namespace ConsulSharp.State.Internal;

/// <summary>What a write transaction changed: the watch items to fire on commit. Reused by the single writer.</summary>
internal sealed class ChangeSet
{
    public readonly HashSet<WatchKey> Items = [];

    public readonly List<string> KvKeys = [];

    /// <summary>Lock delays to record on commit: key and delay.</summary>
    public readonly List<(string Key, TimeSpan Delay)> LockDelays = [];

    public void Clear()
    {
        Items.Clear();
        KvKeys.Clear();
        LockDelays.Clear();
    }
}
