using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Core;

internal sealed partial class RaftCore
{
    private void Campaign(bool preVote, bool transfer)
    {
        var config = LatestConfiguration;
        ResetElectionDeadline();
        if (!config.IsVoter(Id))
        {
            // Non-voters and servers outside the configuration never start elections.
            return;
        }

        if (Role == RaftRole.Leader)
        {
            return;
        }

        _votes.Clear();
        _votes[Id] = true;
        LeaderId = null;
        ulong campaignTerm;
        if (preVote)
        {
            Role = RaftRole.PreCandidate;
            campaignTerm = Term + 1;
        }
        else
        {
            Role = RaftRole.Candidate;
            SetTerm(Term + 1);
            VotedFor = Id;
            _hardStateDirty = true;
            campaignTerm = Term;
        }

        if (HasVoteQuorum(config))
        {
            if (preVote)
            {
                Campaign(preVote: false, transfer: false);
            }
            else
            {
                BecomeLeader();
            }

            return;
        }

        foreach (var s in config.Voters)
        {
            if (s.Id == Id)
            {
                continue;
            }

            Send(new RaftMessage
            {
                Type = RaftMessageType.RequestVote,
                Term = campaignTerm,
                From = Id,
                To = s.Id,
                LogIndex = _log.LastIndex,
                LogTerm = _log.LastTerm,
                PreVote = preVote,
                Transfer = transfer,
            });
        }
    }

    private bool HasVoteQuorum(RaftConfiguration config)
    {
        var granted = config.Voters.Count(s => _votes.TryGetValue(s.Id, out var v) && v);
        return granted >= Quorum(config.VoterCount);
    }

    private bool LostVote(RaftConfiguration config)
    {
        var rejected = config.Voters.Count(s => _votes.TryGetValue(s.Id, out var v) && !v);
        return rejected > config.VoterCount - Quorum(config.VoterCount);
    }

    private bool IsUpToDate(ulong lastIndex, ulong lastTerm) =>
        lastTerm > _log.LastTerm || (lastTerm == _log.LastTerm && lastIndex >= _log.LastIndex);

    private void HandleRequestVote(RaftMessage m)
    {
        bool grant;
        if (m.PreVote)
        {
            // Higher-term pre-votes reached here only if not in a leader lease (checked in Step).
            grant = m.Term > Term && IsUpToDate(m.LogIndex, m.LogTerm);
        }
        else
        {
            var canVote = VotedFor == m.From || (VotedFor is null && LeaderId is null);
            grant = canVote && IsUpToDate(m.LogIndex, m.LogTerm);
            if (grant)
            {
                VotedFor = m.From;
                _hardStateDirty = true;
                ResetElectionDeadline();
            }
        }

        Send(new RaftMessage
        {
            Type = RaftMessageType.RequestVoteResponse,
            Term = grant && m.PreVote ? m.Term : Term,
            From = Id,
            To = m.From,
            Reject = !grant,
            PreVote = m.PreVote,
        });
    }

    private void HandleVoteResponse(RaftMessage m)
    {
        var expectedRole = m.PreVote ? RaftRole.PreCandidate : RaftRole.Candidate;
        if (Role != expectedRole)
        {
            return;
        }

        if (m.PreVote && !m.Reject && m.Term != Term + 1)
        {
            return;
        }

        _votes[m.From] = !m.Reject;
        var config = LatestConfiguration;
        if (HasVoteQuorum(config))
        {
            if (m.PreVote)
            {
                Campaign(preVote: false, transfer: false);
            }
            else
            {
                BecomeLeader();
            }
        }
        else if (LostVote(config))
        {
            BecomeFollower(Term, null);
        }
    }

    private void BecomeLeader()
    {
        Role = RaftRole.Leader;
        LeaderId = Id;
        TransferTarget = null;
        _leaseDisabled = false;
        _votes.Clear();
        _progress.Clear();
        OnConfigurationChanged();
        _heartbeatDeadline = _now;
        _checkQuorumDeadline = _now + _options.ElectionTimeoutMs;
        AppendAsLeader(LogEntryType.Noop, ReadOnlyMemory<byte>.Empty);
        MaybeCommit();
    }
}
