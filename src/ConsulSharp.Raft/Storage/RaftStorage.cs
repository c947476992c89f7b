namespace ConsulSharp.Raft.Storage;

/// <summary>The three stores a node needs, bundled.</summary>
public sealed record RaftStorage(ILogStore Log, IStableStore Stable, ISnapshotStore Snapshots)
{
    /// <summary>Durable storage under <paramref name="directory"/> (the agent passes <c>&lt;data-dir&gt;/raft</c>).</summary>
    public static RaftStorage OpenDirectory(string directory, int retainSnapshots = 2) => new(
        new FileLogStore(Path.Combine(directory, "log")),
        new FileStableStore(directory),
        new FileSnapshotStore(Path.Combine(directory, "snapshots"), retainSnapshots));

    /// <summary>Everything in memory (tests and <c>-dev</c>).</summary>
    public static RaftStorage InMemory() => new(new InMemoryLogStore(), new InMemoryStableStore(), new InMemorySnapshotStore());
}
