using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Core;

/// <summary>
/// Work the shell must do for <see cref="RaftCore"/>, in this order: send <see cref="Messages"/> (may go before persisting);
/// persist <see cref="HardState"/>, the log reset of <see cref="Snapshot"/> and <see cref="Entries"/> (storage drops any
/// stored entry at or after the first one's index) with one fsync; then send <see cref="MessagesAfterPersist"/>; hand
/// <see cref="Snapshot"/> and <see cref="Committed"/> to the apply loop; then call <see cref="RaftCore.Advance"/>.
/// </summary>
internal sealed class Ready
{
    public HardState? HardState { get; init; }

    public SnapshotInstall? Snapshot { get; init; }

    public IReadOnlyList<LogEntry> Entries { get; init; } = [];

    public IReadOnlyList<LogEntry> Committed { get; init; } = [];

    public IReadOnlyList<RaftMessage> Messages { get; init; } = [];

    public IReadOnlyList<RaftMessage> MessagesAfterPersist { get; init; } = [];

    public IReadOnlyList<ReadState> ReadStates { get; init; } = [];

    public IReadOnlyList<long> FailedReads { get; init; } = [];

    public RaftRole Role { get; init; }

    public string? LeaderId { get; init; }

    public ulong Term { get; init; }

    public ulong CommitIndex { get; init; }
}
