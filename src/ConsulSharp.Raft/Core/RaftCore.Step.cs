using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Core;

internal sealed partial class RaftCore
{
    /// <summary>Handles one inbound message.</summary>
    public void Step(RaftMessage m)
    {
        if (Role == RaftRole.Shutdown)
        {
            return;
        }

        if (m.Term > Term)
        {
            if (m.Type == RaftMessageType.RequestVote && !m.Transfer && (InLease() || Role == RaftRole.Leader))
            {
                // A live leader (or a follower that heard from one recently) ignores disruptive candidates; this
                // is also what makes the leader lease safe.
                return;
            }

            if (m.Type == RaftMessageType.RequestVote && m.PreVote)
            {
                // Pre-votes never change our term.
            }
            else if (m.Type == RaftMessageType.RequestVoteResponse && m.PreVote && !m.Reject)
            {
                // A granted pre-vote carries the term we would campaign for.
            }
            else if (m.Type is RaftMessageType.AppendEntries or RaftMessageType.Heartbeat or RaftMessageType.InstallSnapshot)
            {
                BecomeFollower(m.Term, m.From);
            }
            else
            {
                BecomeFollower(m.Term, null);
            }
        }
        else if (m.Term < Term)
        {
            switch (m.Type)
            {
                case RaftMessageType.AppendEntries:
                case RaftMessageType.Heartbeat:
                    // Tell a stale leader about the newer term so it steps down.
                    Send(new RaftMessage
                    {
                        Type = m.Type == RaftMessageType.Heartbeat ? RaftMessageType.HeartbeatResponse : RaftMessageType.AppendEntriesResponse,
                        Term = Term, From = Id, To = m.From, Reject = true, LogIndex = m.LogIndex,
                    });
                    break;
                case RaftMessageType.InstallSnapshot:
                    Send(new RaftMessage { Type = RaftMessageType.InstallSnapshotResponse, Term = Term, From = Id, To = m.From, Reject = true });
                    break;
                case RaftMessageType.RequestVote:
                    Send(new RaftMessage { Type = RaftMessageType.RequestVoteResponse, Term = Term, From = Id, To = m.From, Reject = true, PreVote = m.PreVote });
                    break;
                default:
                    break;
            }

            return;
        }

        switch (m.Type)
        {
            case RaftMessageType.RequestVote:
                HandleRequestVote(m);
                return;
            case RaftMessageType.RequestVoteResponse:
                HandleVoteResponse(m);
                return;
            case RaftMessageType.AppendEntries:
            case RaftMessageType.Heartbeat:
            case RaftMessageType.InstallSnapshot:
                if (Role == RaftRole.Leader)
                {
                    return; // cannot happen with election safety; ignore defensively
                }

                if (Role != RaftRole.Follower || LeaderId != m.From)
                {
                    BecomeFollower(Term, m.From);
                }

                _lastLeaderContact = _now;
                ResetElectionDeadline();
                if (m.Type == RaftMessageType.AppendEntries)
                {
                    HandleAppendEntries(m);
                }
                else if (m.Type == RaftMessageType.Heartbeat)
                {
                    HandleHeartbeat(m);
                }
                else
                {
                    HandleInstallSnapshot(m);
                }

                return;
            case RaftMessageType.TimeoutNow:
                if (Role == RaftRole.Follower && LeaderId == m.From && LatestConfiguration.IsVoter(Id))
                {
                    Campaign(preVote: false, transfer: true);
                }

                return;
            case RaftMessageType.AppendEntriesResponse:
            case RaftMessageType.HeartbeatResponse:
            case RaftMessageType.InstallSnapshotResponse:
                if (Role == RaftRole.Leader)
                {
                    HandleReplicationResponse(m);
                }

                return;
            default:
                return;
        }
    }

    private void BecomeFollower(ulong term, string? leader)
    {
        var wasLeader = Role == RaftRole.Leader;
        SetTerm(term);
        Role = RaftRole.Follower;
        LeaderId = leader;
        TransferTarget = null;
        _votes.Clear();
        _progress.Clear();
        _replicateDirty = false;
        _commitBroadcast = false;
        if (wasLeader)
        {
            FailAllReads();
        }

        ResetElectionDeadline();
    }
}
