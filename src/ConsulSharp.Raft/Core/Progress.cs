namespace ConsulSharp.Raft.Core;

/// <summary>The leader's view of one follower's replication.</summary>
internal sealed class Progress(ulong next)
{
    private readonly Queue<ulong> _inflight = new();

    public ulong Match { get; set; }

    public ulong Next { get; set; } = next;

    public ProgressState State { get; private set; } = ProgressState.Probe;

    /// <summary>Probe: an append is outstanding; wait for its answer or the next heartbeat answer.</summary>
    public bool ProbeSent { get; set; }

    public ulong PendingSnapshot { get; private set; }

    public long SnapshotSentAt { get; private set; }

    public bool RecentActive { get; set; }

    public ulong AckedSeq { get; private set; }

    public long AckedTimestamp { get; private set; } = long.MinValue;

    public ulong LastAppendSeq { get; set; }

    /// <summary>Core clock (ms) of the last answer from this follower; <see cref="long.MinValue"/> if none yet.</summary>
    public long LastResponseAt { get; set; } = long.MinValue;

    public int InflightCount => _inflight.Count;

    public void Ack(ulong seq, long timestamp)
    {
        if (seq > AckedSeq)
        {
            AckedSeq = seq;
        }

        if (timestamp > AckedTimestamp)
        {
            AckedTimestamp = timestamp;
        }
    }

    public bool IsPaused(int maxInflight) => State switch
    {
        ProgressState.Probe => ProbeSent,
        ProgressState.Replicate => _inflight.Count >= maxInflight,
        _ => true,
    };

    public void BecomeProbe()
    {
        if (State == ProgressState.Snapshot)
        {
            Next = Math.Max(Match + 1, PendingSnapshot + 1);
        }
        else
        {
            Next = Match + 1;
        }

        State = ProgressState.Probe;
        ProbeSent = false;
        PendingSnapshot = 0;
        _inflight.Clear();
    }

    public void BecomeReplicate()
    {
        State = ProgressState.Replicate;
        Next = Match + 1;
        ProbeSent = false;
        _inflight.Clear();
    }

    public void BecomeSnapshot(ulong snapshotIndex, long now)
    {
        State = ProgressState.Snapshot;
        PendingSnapshot = snapshotIndex;
        SnapshotSentAt = now;
        _inflight.Clear();
    }

    /// <summary>Records a successful append up to <paramref name="index"/>; false when it tells nothing new.</summary>
    public bool MaybeUpdate(ulong index)
    {
        var updated = false;
        if (Match < index)
        {
            Match = index;
            updated = true;
            ProbeSent = false;
        }

        Next = Math.Max(Next, index + 1);
        while (_inflight.Count > 0 && _inflight.Peek() <= index)
        {
            _inflight.Dequeue();
        }

        return updated;
    }

    /// <summary>Handles a rejection of the append whose previous index was <paramref name="rejected"/>; false when stale.</summary>
    public bool MaybeDecrement(ulong rejected, ulong hint)
    {
        if (State == ProgressState.Replicate)
        {
            if (rejected <= Match)
            {
                return false;
            }

            Next = Match + 1;
            return true;
        }

        if (Next - 1 != rejected)
        {
            return false;
        }

        Next = Math.Max(Math.Min(rejected, hint + 1), Match + 1);
        ProbeSent = false;
        return true;
    }

    public void SentEntries(ulong lastIndex)
    {
        if (State == ProgressState.Replicate)
        {
            Next = lastIndex + 1;
            _inflight.Enqueue(lastIndex);
        }
        else
        {
            ProbeSent = true;
        }
    }
}
