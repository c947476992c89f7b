namespace ConsulSharp.Raft.Transport;

/// <summary>
/// One Raft protocol message. Which fields matter depends on <see cref="Type"/>:
/// AppendEntries: <see cref="LogIndex"/>/<see cref="LogTerm"/> are the previous entry, <see cref="Entries"/> the batch;
/// responses: <see cref="LogIndex"/> is the match index (success) or the rejected previous index, <see cref="RejectHint"/> the
/// follower's hint; RequestVote: <see cref="LogIndex"/>/<see cref="LogTerm"/> are the candidate's last entry;
/// InstallSnapshot: <see cref="LogIndex"/>/<see cref="LogTerm"/> the snapshot's last included entry.
/// <see cref="Seq"/> and <see cref="Timestamp"/> are set by a leader and echoed back (ReadIndex and lease).
/// </summary>
public sealed class RaftMessage
{
    public RaftMessageType Type { get; init; }

    public ulong Term { get; init; }

    public string From { get; init; } = string.Empty;

    public string To { get; init; } = string.Empty;

    public ulong LogIndex { get; init; }

    public ulong LogTerm { get; init; }

    public ulong Commit { get; init; }

    public IReadOnlyList<LogEntry> Entries { get; init; } = [];

    public bool Reject { get; init; }

    public ulong RejectHint { get; init; }

    public bool PreVote { get; init; }

    public bool Transfer { get; init; }

    public ulong Seq { get; init; }

    public long Timestamp { get; init; }

    /// <summary>InstallSnapshot only: the configuration as of the snapshot.</summary>
    public RaftConfiguration? Configuration { get; init; }

    /// <summary>InstallSnapshot only, receive side: the id of the snapshot already stored by the transport.</summary>
    public string? SnapshotId { get; init; }

    internal RaftMessage WithSnapshot(string snapshotId, ulong index, ulong term, RaftConfiguration configuration) => new()
    {
        Type = Type, Term = Term, From = From, To = To, LogIndex = index, LogTerm = term, Commit = Commit,
        Seq = Seq, Timestamp = Timestamp, Configuration = configuration, SnapshotId = snapshotId,
    };

    public override string ToString() =>
        $"{Type} {From}->{To} t{Term} i{LogIndex}/{LogTerm} c{Commit} n{Entries.Count}{(Reject ? " reject hint " + RejectHint : string.Empty)}{(PreVote ? " pre" : string.Empty)}";
}
