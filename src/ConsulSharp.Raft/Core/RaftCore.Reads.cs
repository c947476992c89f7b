namespace ConsulSharp.Raft.Core;

internal sealed partial class RaftCore
{
    private readonly List<ReadState> _readStates = [];
    private readonly List<long> _failedReads = [];
    private readonly List<long> _readsWaitingForCommit = [];
    private readonly List<(long RequestId, ulong Index, ulong Seq)> _pendingReads = [];

    private bool NeedsReadHeartbeat => _pendingReads.Count > 0 && _pendingReads[^1].Seq == 0;

    /// <summary>
    /// Registers a linearizable read. The answer comes in <see cref="Ready.ReadStates"/> (read once the state machine
    /// has applied the index) or <see cref="Ready.FailedReads"/> (not leader / lost leadership).
    /// </summary>
    public void ReadIndex(long requestId)
    {
        if (Role != RaftRole.Leader)
        {
            _failedReads.Add(requestId);
            return;
        }

        if (_log.TermAt(CommitIndex) != Term)
        {
            // A new leader does not know the commit index until an entry of its own term commits.
            _readsWaitingForCommit.Add(requestId);
            return;
        }

        StartRead(requestId);
    }

    /// <summary>True while a quorum acknowledged us recently enough that no other leader can exist (leader lease).</summary>
    public bool LeaseValid()
    {
        if (Role != RaftRole.Leader || _leaseDisabled || TransferTarget is not null || _log.TermAt(CommitIndex) != Term)
        {
            return false;
        }

        var config = LatestConfiguration;
        var stamps = new List<long>();
        foreach (var s in config.Voters)
        {
            if (s.Id == Id)
            {
                stamps.Add(_now);
            }
            else if (_progress.TryGetValue(s.Id, out var pr))
            {
                stamps.Add(pr.AckedTimestamp);
            }
            else
            {
                stamps.Add(long.MinValue);
            }
        }

        stamps.Sort();
        stamps.Reverse();
        var quorumStamp = stamps[Quorum(stamps.Count) - 1];
        return quorumStamp != long.MinValue && quorumStamp + (long)(_options.ElectionTimeoutMs * _options.LeaseRatio) > _now;
    }

    private void StartRead(long requestId)
    {
        if (LatestConfiguration.VoterCount == 1 && LatestConfiguration.IsVoter(Id))
        {
            _readStates.Add(new ReadState(requestId, CommitIndex));
        }
        else if (LeaseValid())
        {
            _readStates.Add(new ReadState(requestId, CommitIndex));
        }
        else
        {
            _pendingReads.Add((requestId, CommitIndex, 0));
        }
    }

    private void AssignReadSeq(ulong seq)
    {
        for (var i = _pendingReads.Count - 1; i >= 0 && _pendingReads[i].Seq == 0; i--)
        {
            _pendingReads[i] = (_pendingReads[i].RequestId, _pendingReads[i].Index, seq);
        }
    }

    private void CheckReads()
    {
        var released = 0;
        while (released < _pendingReads.Count && _pendingReads[released].Seq != 0 && QuorumAcked(_pendingReads[released].Seq))
        {
            _readStates.Add(new ReadState(_pendingReads[released].RequestId, _pendingReads[released].Index));
            released++;
        }

        if (released > 0)
        {
            _pendingReads.RemoveRange(0, released);
        }
    }

    private bool QuorumAcked(ulong seq)
    {
        var config = LatestConfiguration;
        var acked = config.Voters.Count(s => s.Id == Id || (_progress.TryGetValue(s.Id, out var pr) && pr.AckedSeq >= seq));
        return acked >= Quorum(config.VoterCount);
    }

    private void ReleaseReadsWaitingForCommit()
    {
        if (_readsWaitingForCommit.Count == 0 || _log.TermAt(CommitIndex) != Term)
        {
            return;
        }

        foreach (var id in _readsWaitingForCommit)
        {
            StartRead(id);
        }

        _readsWaitingForCommit.Clear();
    }

    private void FailAllReads()
    {
        _failedReads.AddRange(_readsWaitingForCommit);
        _failedReads.AddRange(_pendingReads.Select(r => r.RequestId));
        _readsWaitingForCommit.Clear();
        _pendingReads.Clear();
    }
}
