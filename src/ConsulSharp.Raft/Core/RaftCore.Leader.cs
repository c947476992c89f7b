using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Core;

internal sealed partial class RaftCore
{
    private ulong _seq;
    private bool _leaseDisabled;
    private long _transferDeadline;

    /// <summary>Starts a leadership transfer to <paramref name="target"/> (or the most up-to-date voter).</summary>
    public ProposeResult TransferLeadership(string? target)
    {
        if (Role != RaftRole.Leader)
        {
            return ProposeResult.NotLeader;
        }

        if (TransferTarget is not null)
        {
            return ProposeResult.TransferInProgress;
        }

        if (target is null)
        {
            target = LatestConfiguration.Voters.Where(s => s.Id != Id && _progress.ContainsKey(s.Id))
                .OrderByDescending(s => _progress[s.Id].Match).Select(s => s.Id).FirstOrDefault();
        }

        if (target is null || target == Id || !LatestConfiguration.IsVoter(target) || !_progress.TryGetValue(target, out var pr))
        {
            return ProposeResult.Invalid;
        }

        TransferTarget = target;
        _leaseDisabled = true;
        _transferDeadline = _now + _options.ElectionTimeoutMs;
        if (pr.Match == _log.LastIndex)
        {
            SendTimeoutNow(target);
        }
        else
        {
            _replicateDirty = true;
        }

        return ProposeResult.Ok;
    }

    /// <summary>The shell could not stream a snapshot to <paramref name="peer"/>.</summary>
    public void ReportSnapshotFailure(string peer)
    {
        if (Role == RaftRole.Leader && _progress.TryGetValue(peer, out var pr) && pr.State == ProgressState.Snapshot)
        {
            pr.BecomeProbe();
            pr.ProbeSent = true; // retry on the next heartbeat answer
        }
    }

    private void SendTimeoutNow(string target) =>
        Send(new RaftMessage { Type = RaftMessageType.TimeoutNow, Term = Term, From = Id, To = target });

    private void TickLeader()
    {
        if (_now >= _heartbeatDeadline)
        {
            BroadcastHeartbeat();
            _heartbeatDeadline = _now + _options.HeartbeatIntervalMs;
        }

        if (TransferTarget is not null && _now >= _transferDeadline)
        {
            TransferTarget = null;
        }

        foreach (var pr in _progress.Values)
        {
            if (pr.State == ProgressState.Snapshot && _now - pr.SnapshotSentAt > _options.SnapshotTimeoutMs)
            {
                pr.BecomeProbe();
                _replicateDirty = true;
            }
        }

        if (_now >= _checkQuorumDeadline)
        {
            _checkQuorumDeadline = _now + _options.ElectionTimeoutMs;
            var config = LatestConfiguration;
            var active = config.Voters.Count(s => s.Id == Id || (_progress.TryGetValue(s.Id, out var p) && p.RecentActive));
            foreach (var p in _progress.Values)
            {
                p.RecentActive = false;
            }

            if (active < Quorum(config.VoterCount))
            {
                BecomeFollower(Term, null);
            }
        }
    }

    private void BroadcastHeartbeat()
    {
        var seq = ++_seq;
        foreach (var (id, pr) in _progress)
        {
            Send(new RaftMessage
            {
                Type = RaftMessageType.Heartbeat,
                Term = Term,
                From = Id,
                To = id,
                Commit = Math.Min(pr.Match, CommitIndex),
                Seq = seq,
                Timestamp = _now,
            });
        }

        AssignReadSeq(seq);
    }

    private void OnConfigurationChanged()
    {
        if (Role != RaftRole.Leader)
        {
            return;
        }

        var config = LatestConfiguration;
        foreach (var s in config.Servers)
        {
            if (s.Id != Id && !_progress.ContainsKey(s.Id))
            {
                _progress[s.Id] = new Progress(_log.LastIndex + 1) { RecentActive = true };
            }
        }

        foreach (var id in _progress.Keys.ToList())
        {
            if (!config.Contains(id))
            {
                _progress.Remove(id);
            }
        }
    }

    private void HandleReplicationResponse(RaftMessage m)
    {
        if (!_progress.TryGetValue(m.From, out var pr))
        {
            return;
        }

        pr.RecentActive = true;
        pr.LastResponseAt = _now;
        pr.Ack(m.Seq, m.Timestamp);
        switch (m.Type)
        {
            case RaftMessageType.AppendEntriesResponse:
                if (m.Reject)
                {
                    if (pr.MaybeDecrement(m.LogIndex, m.RejectHint))
                    {
                        if (pr.State == ProgressState.Replicate)
                        {
                            pr.BecomeProbe();
                        }

                        _replicateDirty = true;
                    }
                }
                else if (pr.MaybeUpdate(m.LogIndex))
                {
                    OnMatchAdvanced(m.From, pr);
                }

                break;
            case RaftMessageType.HeartbeatResponse:
                if (pr.State == ProgressState.Probe)
                {
                    pr.ProbeSent = false;
                }
                else if (pr.State == ProgressState.Replicate && pr.Match + 1 < pr.Next && m.Seq > pr.LastAppendSeq)
                {
                    // The follower answered a heartbeat sent after our last append, yet appends are unacknowledged:
                    // appends or their answers were lost (answers travel in order). Resend from the match point.
                    pr.BecomeProbe();
                }
                else if (pr.State == ProgressState.Snapshot && m.LogIndex >= pr.PendingSnapshot && pr.PendingSnapshot > 0)
                {
                    pr.BecomeProbe();
                }

                if (pr.Match < _log.LastIndex)
                {
                    _replicateDirty = true;
                }

                break;
            case RaftMessageType.InstallSnapshotResponse:
                if (pr.State != ProgressState.Snapshot)
                {
                    break;
                }

                if (!m.Reject)
                {
                    pr.MaybeUpdate(m.LogIndex);
                }

                pr.BecomeProbe();
                _replicateDirty = true;
                OnMatchAdvanced(m.From, pr);
                break;
            default:
                break;
        }

        CheckReads();
    }

    private void OnMatchAdvanced(string peer, Progress pr)
    {
        if (pr.State == ProgressState.Probe)
        {
            pr.BecomeReplicate();
        }
        else if (pr.State == ProgressState.Snapshot && pr.Match >= pr.PendingSnapshot)
        {
            pr.BecomeProbe();
        }

        if (MaybeCommit())
        {
            _commitBroadcast = true;
        }

        _replicateDirty = true;
        if (TransferTarget == peer && pr.Match == _log.LastIndex)
        {
            SendTimeoutNow(peer);
        }
    }

    /// <summary>Advances the commit index to the highest entry of this term stored on a quorum of voters.</summary>
    private bool MaybeCommit()
    {
        var config = LatestConfiguration;
        var matches = new List<ulong>(config.Servers.Count);
        foreach (var s in config.Voters)
        {
            if (s.Id == Id)
            {
                matches.Add(_stableIndex);
            }
            else if (_progress.TryGetValue(s.Id, out var pr))
            {
                matches.Add(pr.Match);
            }
            else
            {
                matches.Add(0);
            }
        }

        if (matches.Count == 0)
        {
            return false;
        }

        matches.Sort();
        matches.Reverse();
        var candidate = matches[Quorum(matches.Count) - 1];
        if (candidate <= CommitIndex || _log.TermAt(candidate) != Term)
        {
            return false;
        }

        CommitIndex = candidate;
        OnCommitAdvanced();
        return true;
    }

    private void OnCommitAdvanced()
    {
        ReleaseReadsWaitingForCommit();
        var config = LatestConfiguration;
        if (LatestConfigurationIndex <= CommitIndex && !config.IsVoter(Id))
        {
            // Our own removal (or demotion) is committed: step down; a voter will take over.
            BecomeFollower(Term, null);
        }
    }

    /// <summary>Sends what each follower is missing (batched, pipelined) and new commit indexes; runs once per Ready.</summary>
    private void FlushLeader()
    {
        var needCommit = _commitBroadcast;
        _commitBroadcast = false;
        _replicateDirty = false;
        if (NeedsReadHeartbeat)
        {
            BroadcastHeartbeat();
        }

        foreach (var (id, pr) in _progress)
        {
            var sent = false;
            while (!pr.IsPaused(_options.MaxInflightMessages) && pr.Next <= _log.LastIndex)
            {
                if (!SendAppend(id, pr))
                {
                    break;
                }

                sent = true;
            }

            if (!sent && pr.State == ProgressState.Probe && !pr.ProbeSent && pr.Match + 1 < pr.Next)
            {
                // Nothing new to send, but we do not know where this follower's log matches ours (a server just
                // added, or back after a partition, on an idle cluster): an empty append at Next-1 finds out, and a
                // rejection walks Next back. Without it the follower would wait for the next write.
                sent = SendAppend(id, pr);
            }

            if (!sent && needCommit && pr.State == ProgressState.Replicate && pr.Match >= _log.FirstIndex - 1 &&
                pr.Next - 1 >= _log.Offset)
            {
                SendAppendMessage(id, pr, []);
            }
        }
    }

    private bool SendAppend(string id, Progress pr)
    {
        var prevIndex = pr.Next - 1;
        var prevTerm = _log.TermAt(prevIndex);
        if (prevTerm is null)
        {
            if (pr.State != ProgressState.Snapshot)
            {
                pr.BecomeSnapshot(_snapshotIndex, _now);
                Send(new RaftMessage
                {
                    Type = RaftMessageType.InstallSnapshot,
                    Term = Term,
                    From = Id,
                    To = id,
                    LogIndex = _snapshotIndex,
                    Seq = ++_seq,
                    Timestamp = _now,
                });
            }

            return false;
        }

        var entries = _log.Slice(pr.Next, _log.LastIndex, _options.MaxEntriesPerMessage, _options.MaxBytesPerMessage);
        SendAppendMessage(id, pr, entries);
        if (entries.Count > 0)
        {
            pr.SentEntries(entries[^1].Index);
        }
        else
        {
            pr.ProbeSent = pr.State == ProgressState.Probe;
        }

        return true;
    }

    private void SendAppendMessage(string id, Progress pr, List<LogEntry> entries)
    {
        var seq = ++_seq;
        pr.LastAppendSeq = seq;
        var prevIndex = pr.Next - 1;
        Send(new RaftMessage
        {
            Type = RaftMessageType.AppendEntries,
            Term = Term,
            From = Id,
            To = id,
            LogIndex = prevIndex,
            LogTerm = _log.TermAt(prevIndex) ?? 0,
            Entries = entries,
            Commit = CommitIndex,
            Seq = seq,
            Timestamp = _now,
        });
    }
}
