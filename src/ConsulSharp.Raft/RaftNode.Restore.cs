using ConsulSharp.Raft.Core;
using ConsulSharp.Raft.Storage;

namespace ConsulSharp.Raft;

public sealed partial class RaftNode
{
    private readonly List<NodeEvent> _parkedDuringRestore = [];
    private RestoreState? _restore;

    /// <summary>
    /// Replaces the state of the whole cluster with <paramref name="snapshot"/> (state-machine bytes, as
    /// <see cref="IStateMachine.Restore"/> reads them): Consul's snapshot restore. Leader only. Proposals that arrive
    /// meanwhile wait and are appended after the restore. Steps: wait until every entry is committed and applied, write
    /// the data into the snapshot store as entry last+1 of this term (off the Raft loop), reset the log after it, restore
    /// the local state machine, and commit a no-op after it, which needs a quorum that holds the snapshot (followers get
    /// it through InstallSnapshot). Completes with the snapshot's index once that no-op is applied here.
    /// </summary>
    /// <exception cref="NotLeaderException">Not the leader.</exception>
    /// <exception cref="LeadershipLostException">Leadership was lost after the snapshot was installed locally: rerun the restore.</exception>
    public async Task<ulong> RestoreAsync(Stream snapshot, CancellationToken cancellationToken)
    {
        var reserved = new TaskCompletionSource<RestoreReservation>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_fatal is { } fatal)
        {
            throw new RaftException("raft node stopped after a fatal error", fatal);
        }

        if (_started == 0 || !_inbox.Writer.TryWrite(new RestoreBeginEvent(reserved)))
        {
            throw new InvalidOperationException("node not started");
        }

        ISnapshotSink? sink = null;
        try
        {
            var reservation = await reserved.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            sink = _storage.Snapshots.Create(reservation.Index, reservation.Term, reservation.Configuration);
            await snapshot.CopyToAsync(sink.Stream, 1 << 16, cancellationToken).ConfigureAwait(false);
            sink.Stream.Flush();

            // Pay the fsync of the data here: the Raft loop only commits the (small) trailer.
            sink.FlushToDisk();
            var owned = sink;
            sink = null;
            return await Request<ulong>(tcs => new RestoreInstallEvent(reservation, owned, tcs), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            sink?.Dispose();
            Post(new RestoreAbortEvent(reserved));
            throw;
        }
    }

    /// <summary>
    /// Takes a snapshot now (or reuses the newest if nothing was applied since) and opens it: the metadata and a stream
    /// of the state-machine bytes (checksum verified), for Consul's <c>GET /v1/snapshot</c>. Dispose the stream.
    /// </summary>
    public async Task<(SnapshotMetadata Metadata, Stream Data)> OpenSnapshotAsync(CancellationToken cancellationToken)
    {
        await SnapshotAsync(cancellationToken).ConfigureAwait(false);
        foreach (var meta in _storage.Snapshots.List())
        {
            try
            {
                var stream = _storage.Snapshots.Open(meta.Id, out var opened);
                return (opened, stream);
            }
            catch (FileNotFoundException)
            {
                // Removed by retention between listing and opening: a newer one exists; list again next round.
            }
        }

        throw new RaftException("no snapshot is available yet");
    }

    /// <summary>Handles the restore events; true if <paramref name="e"/> was one of them or was parked behind a restore.</summary>
    private bool HandleRestore(RaftCore core, NodeEvent e)
    {
        switch (e)
        {
            case RestoreBeginEvent b:
                if (core.Role != RaftRole.Leader)
                {
                    b.Reserved.TrySetException(ProposeError(core, ProposeResult.NotLeader));
                }
                else if (_restore is not null)
                {
                    b.Reserved.TrySetException(new RaftException("a snapshot restore is already in progress"));
                }
                else
                {
                    _restore = new RestoreState(core.Term, b.Reserved);
                }

                return true;
            case RestoreInstallEvent i:
                Install(core, i);
                return true;
            case RestoreAbortEvent a:
                if (_restore is { } r && ReferenceEquals(r.Reserved, a.Reserved))
                {
                    EndRestore(core);
                }

                return true;
            case ProposeEvent or ConfigChangeEvent when _restore is not null:
                _parkedDuringRestore.Add(e);
                return true;
            case TransferEvent t when _restore is not null:
                t.Completion.TrySetException(new RaftException("a snapshot restore is in progress"));
                return true;
            default:
                return false;
        }
    }

    private void Install(RaftCore core, RestoreInstallEvent i)
    {
        var res = i.Reservation;
        if (_restore is not { } r || r.Index != res.Index || core.Role != RaftRole.Leader || core.Term != res.Term ||
            core.LastIndex + 1 != res.Index || !core.CanInstallUserSnapshot)
        {
            i.Sink.Dispose();
            i.Completion.TrySetException(core.Role == RaftRole.Leader ? new RaftException("snapshot restore was abandoned") : new LeadershipLostException());
            if (_restore is { } stale && stale.Index == res.Index)
            {
                EndRestore(core);
            }

            return;
        }

        var meta = i.Sink.Commit();
        i.Sink.Dispose();
        if (!core.InstallUserSnapshot(res.Index, res.Term, meta.Id))
        {
            throw new InvalidOperationException("raft: user snapshot install refused after its checks passed");
        }

        // The no-op after the snapshot commits only once a quorum holds the snapshot.
        var noop = new TaskCompletionSource<ApplyResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (core.Propose(LogEntryType.Noop, ReadOnlyMemory<byte>.Empty, out var index) != ProposeResult.Ok)
        {
            throw new InvalidOperationException("raft: leader refused the no-op after a snapshot restore");
        }

        lock (_proposals)
        {
            _proposals[index] = (core.Term, noop);
        }

        var completion = i.Completion;
        _ = noop.Task.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    completion.TrySetResult(res.Index);
                }
                else
                {
                    completion.TrySetException(t.Exception?.InnerException ?? new LeadershipLostException());
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        Log.UserSnapshotRestored(_logger, Id, meta.Id, res.Index);
        EndRestore(core);
    }

    /// <summary>After each batch: reserve the restore's index once the log is fully committed, or give up on a lost leadership.</summary>
    private void AfterBatchRestore(RaftCore core)
    {
        if (_restore is not { } r)
        {
            return;
        }

        if (core.Role != RaftRole.Leader || core.Term != r.Term)
        {
            r.Reserved.TrySetException(new LeadershipLostException());
            EndRestore(core);
            return;
        }

        if (r.Index == 0 && core.CanInstallUserSnapshot)
        {
            r.Index = core.LastIndex + 1;
            r.Reserved.TrySetResult(new RestoreReservation(r.Index, core.Term, core.LatestConfiguration));
        }
    }

    private void EndRestore(RaftCore core)
    {
        _restore = null;
        var parked = _parkedDuringRestore.ToList();
        _parkedDuringRestore.Clear();
        foreach (var e in parked)
        {
            Handle(core, e);
        }
    }

    private sealed class RestoreState(ulong term, TaskCompletionSource<RestoreReservation> reserved)
    {
        public ulong Term { get; } = term;

        public TaskCompletionSource<RestoreReservation> Reserved { get; } = reserved;

        /// <summary>0 until reserved.</summary>
        public ulong Index { get; set; }
    }

    private sealed record RestoreBeginEvent(TaskCompletionSource<RestoreReservation> Reserved) : NodeEvent;

    private sealed record RestoreInstallEvent(RestoreReservation Reservation, ISnapshotSink Sink, TaskCompletionSource<ulong> Completion) : NodeEvent;

    private sealed record RestoreAbortEvent(TaskCompletionSource<RestoreReservation> Reserved) : NodeEvent;
}
