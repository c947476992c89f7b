using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Core;

internal sealed partial class RaftCore
{
    private void HandleAppendEntries(RaftMessage m)
    {
        if (m.LogIndex < CommitIndex)
        {
            // Everything up to our commit index is known to match; tell the leader where we are.
            Reply(m, RaftMessageType.AppendEntriesResponse, reject: false, CommitIndex, 0);
            return;
        }

        var prevTerm = _log.TermAt(m.LogIndex);
        if (prevTerm != m.LogTerm)
        {
            ulong hint;
            if (m.LogIndex > _log.LastIndex || prevTerm is null)
            {
                hint = _log.LastIndex;
            }
            else
            {
                // Skip the whole conflicting term in one round trip.
                var conflictTerm = prevTerm.Value;
                var i = m.LogIndex;
                var floor = Math.Max(CommitIndex, _log.Offset);
                while (i > floor && _log.TermAt(i - 1) == conflictTerm)
                {
                    i--;
                }

                hint = Math.Max(i, 1) - 1;
                hint = Math.Max(hint, floor);
            }

            Reply(m, RaftMessageType.AppendEntriesResponse, reject: true, m.LogIndex, hint);
            return;
        }

        foreach (var e in m.Entries)
        {
            if (e.Index <= _log.LastIndex)
            {
                if (_log.TermAt(e.Index) == e.Term)
                {
                    continue;
                }

                TruncateFrom(e.Index);
            }

            AppendFromLeader(e);
        }

        var lastNew = m.LogIndex + (ulong)m.Entries.Count;
        var newCommit = Math.Min(m.Commit, lastNew);
        if (newCommit > CommitIndex)
        {
            CommitIndex = newCommit;
        }

        Reply(m, RaftMessageType.AppendEntriesResponse, reject: false, lastNew, 0);
    }

    private void HandleHeartbeat(RaftMessage m)
    {
        var newCommit = Math.Min(m.Commit, _log.LastIndex);
        if (newCommit > CommitIndex)
        {
            CommitIndex = newCommit;
        }

        // Heartbeat answers report our last index so the leader can notice lost appends.
        Reply(m, RaftMessageType.HeartbeatResponse, reject: false, _log.LastIndex, 0);
    }

    private void HandleInstallSnapshot(RaftMessage m)
    {
        if (m.LogIndex <= CommitIndex)
        {
            Reply(m, RaftMessageType.InstallSnapshotResponse, reject: false, CommitIndex, 0);
            return;
        }

        if (_log.TermAt(m.LogIndex) == m.LogTerm)
        {
            // We already hold the snapshot's last entry: the log after it stays; it is all committed up to there.
            CommitIndex = m.LogIndex;
            Reply(m, RaftMessageType.InstallSnapshotResponse, reject: false, m.LogIndex, 0);
            return;
        }

        _log.ResetTo(m.LogIndex, m.LogTerm);
        _configs.Clear();
        _baseConfig = m.Configuration ?? RaftConfiguration.Empty;
        CommitIndex = m.LogIndex;
        _appliedHanded = m.LogIndex;
        _stableIndex = m.LogIndex;
        _unstableFrom = m.LogIndex + 1;
        _snapshotIndex = m.LogIndex;
        _pendingSnapshot = new SnapshotInstall(m.LogIndex, m.LogTerm, _baseConfig, m.SnapshotId);
        Reply(m, RaftMessageType.InstallSnapshotResponse, reject: false, m.LogIndex, 0);
    }

    private void Reply(RaftMessage request, RaftMessageType type, bool reject, ulong index, ulong hint) =>
        Send(new RaftMessage
        {
            Type = type,
            Term = Term,
            From = Id,
            To = request.From,
            LogIndex = index,
            Reject = reject,
            RejectHint = hint,
            Seq = request.Seq,
            Timestamp = request.Timestamp,
        });
}
