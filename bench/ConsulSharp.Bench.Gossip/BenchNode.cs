/// <summary>One gossip node under test: in this process (<see cref="InProcessNode"/>) or a child process (<see cref="ProcessNode"/>).</summary>
internal abstract class BenchNode : IAsyncDisposable
{
    public required string Name { get; init; }

    public int Port { get; protected set; }

    /// <summary>Joins the pool through <paramref name="seed"/> ("127.0.0.1:port"); returns the number of nodes contacted.</summary>
    public abstract Task<int> JoinAsync(string seed);

    /// <summary>Member name → status ("alive", "leaving", "left", "failed"), plus counters kept by the node.</summary>
    public abstract Task<MembersReply> MembersAsync();

    /// <summary>Graceful leave; the node stops afterwards.</summary>
    public abstract Task LeaveAsync();

    /// <summary>Abrupt stop (SIGKILL for a process; sockets closed without a word for an in-process pool).</summary>
    public abstract Task KillAsync();

    /// <summary>CPU time used so far and resident memory, or null when the node shares this process.</summary>
    public abstract (TimeSpan Cpu, long RssBytes)? Sample();

    public abstract ValueTask DisposeAsync();
}
