using System.Threading.Channels;
using ConsulSharp.Raft.Core;

namespace ConsulSharp.Raft;

public sealed partial class RaftNode
{
    private readonly Dictionary<ulong, (ulong Term, TaskCompletionSource<ApplyResult> Completion)> _proposals = [];
    private readonly PriorityQueue<Action, ulong> _applyWaiters = new();
    private readonly Lock _applyLock = new();
    private readonly Channel<LeadershipChangedEventArgs> _notifications = Channel.CreateUnbounded<LeadershipChangedEventArgs>();
    private long _appliedIndex;
    private ulong _appliedTerm;
    private RaftConfiguration _appliedConfig = RaftConfiguration.Empty;
    private ulong _lastSnapshotIndex;
    private ulong _lastSnapshotTerm;
    private int _snapshotRunning;
    private Task? _notifier;

    private void ApplyLoop()
    {
        _notifier = Task.Run(NotifyLoopAsync);
        try
        {
            while (WaitForApplyWork())
            {
                if (!_applyQueue.Reader.TryRead(out var item))
                {
                    continue;
                }

                if (item.SnapshotRequest is { } request)
                {
                    TakeSnapshot(request);
                    continue;
                }

                if (item.Restore is { } restore)
                {
                    Restore(restore);
                }

                if (item.Entries is { } entries)
                {
                    ApplyEntries(entries);
                }

                RunWaiters();
                if ((ulong)Interlocked.Read(ref _appliedIndex) >= _lastSnapshotIndex + _options.SnapshotThreshold)
                {
                    TakeSnapshot(null);
                }
            }
        }
        catch (Exception ex)
        {
            _fatal = ex;
            Log.Fatal(_logger, Id, ex);
            FailAllWaiters(new RaftException("raft node stopped after a fatal error", ex));
            _stop.Cancel();
        }
        finally
        {
            _notifications.Writer.TryComplete();
        }
    }

    private bool WaitForApplyWork()
    {
        if (_applyQueue.Reader.TryPeek(out _))
        {
            return true;
        }

        var wait = _applyQueue.Reader.WaitToReadAsync();
        return wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void ApplyEntries(IReadOnlyList<LogEntry> entries)
    {
        // Responses are collected and handed to the proposers after the batch: one lock per batch, not per entry.
        var results = new List<(ulong Index, ulong Term, object? Response)>(entries.Count);
        foreach (var e in entries)
        {
            if (e.Index <= (ulong)Interlocked.Read(ref _appliedIndex))
            {
                continue;
            }

            object? response = null;
            switch (e.Type)
            {
                case LogEntryType.Command:
                    response = _fsm.Apply(e.Index, e.Term, e.Data);
                    break;
                case LogEntryType.Configuration:
                    _appliedConfig = RaftConfiguration.Decode(e.Data.Span);
                    break;
                default:
                    break;
            }

            _appliedTerm = e.Term;
            Interlocked.Exchange(ref _appliedIndex, (long)e.Index);
            results.Add((e.Index, e.Term, response));
        }

        var done = new List<(TaskCompletionSource<ApplyResult> Completion, bool Mismatch, ApplyResult Result)>();
        lock (_proposals)
        {
            if (_proposals.Count == 0)
            {
                return;
            }

            foreach (var (index, term, response) in results)
            {
                if (_proposals.Remove(index, out var p))
                {
                    done.Add((p.Completion, p.Term != term, new ApplyResult(index, response)));
                }
            }
        }

        foreach (var (completion, mismatch, result) in done)
        {
            if (mismatch)
            {
                completion.TrySetException(new LeadershipLostException());
            }
            else
            {
                completion.TrySetResult(result);
            }
        }
    }

    private void Restore(SnapshotInstall restore)
    {
        var id = restore.SnapshotId ?? throw new InvalidOperationException("snapshot to restore has no id");
        using (var stream = _storage.Snapshots.Open(id, out _))
        {
            _fsm.Restore(stream);
        }

        _appliedTerm = restore.Term;
        _appliedConfig = restore.Configuration;
        _lastSnapshotIndex = restore.Index;
        _lastSnapshotTerm = restore.Term;
        Interlocked.Exchange(ref _appliedIndex, (long)restore.Index);
    }

    private void TakeSnapshot(TaskCompletionSource<ulong>? request)
    {
        var index = (ulong)Interlocked.Read(ref _appliedIndex);
        if (index == 0 || index == _lastSnapshotIndex || Interlocked.Exchange(ref _snapshotRunning, 1) != 0)
        {
            request?.TrySetResult(_lastSnapshotIndex);
            return;
        }

        var term = _appliedTerm;
        var config = _appliedConfig;
        IStateMachineSnapshot snapshot;
        try
        {
            snapshot = _fsm.CreateSnapshot();
        }
        catch
        {
            Interlocked.Exchange(ref _snapshotRunning, 0);
            throw;
        }

        // Written off the apply loop: applies go on while the point-in-time view is persisted.
        _ = Task.Run(async () =>
        {
            try
            {
                using (snapshot)
                {
                    using var sink = _storage.Snapshots.Create(index, term, config);
                    await snapshot.WriteToAsync(sink.Stream, _stop.Token);
                    var meta = sink.Commit();
                    _lastSnapshotIndex = index;
                    _lastSnapshotTerm = term;
                    Log.SnapshotTaken(_logger, Id, meta.Id, index);
                }

                Post(new SnapshotTakenEvent(index, term));
                request?.TrySetResult(index);
            }
            catch (Exception ex)
            {
                Log.SnapshotFailed(_logger, Id, ex);
                request?.TrySetException(ex);
            }
            finally
            {
                Interlocked.Exchange(ref _snapshotRunning, 0);
            }
        });
    }

    /// <summary>Runs <paramref name="action"/> once the state machine has applied <paramref name="index"/> (any thread).</summary>
    private void WhenApplied(ulong index, Action action)
    {
        lock (_applyLock)
        {
            if ((ulong)Interlocked.Read(ref _appliedIndex) < index)
            {
                _applyWaiters.Enqueue(action, index);
                return;
            }
        }

        action();
    }

    private void RunWaiters()
    {
        var applied = (ulong)Interlocked.Read(ref _appliedIndex);
        List<Action>? ready = null;
        lock (_applyLock)
        {
            while (_applyWaiters.TryPeek(out _, out var idx) && idx <= applied)
            {
                (ready ??= []).Add(_applyWaiters.Dequeue());
            }
        }

        if (ready is not null)
        {
            foreach (var a in ready)
            {
                a();
            }
        }
    }

    private void FailProposals(Exception error, ulong aboveIndex = 0)
    {
        List<TaskCompletionSource<ApplyResult>> failed = [];
        lock (_proposals)
        {
            foreach (var index in _proposals.Keys.Where(i => i > aboveIndex).ToList())
            {
                failed.Add(_proposals[index].Completion);
                _proposals.Remove(index);
            }
        }

        foreach (var f in failed)
        {
            f.TrySetException(error);
        }
    }

    private void FailAllWaiters(Exception error)
    {
        FailProposals(error);
        foreach (var r in _pendingReads.Values.ToList())
        {
            r.Completion.TrySetException(error);
        }
    }

    private void Notify(LeadershipChangedEventArgs e) => _notifications.Writer.TryWrite(e);

    private async Task NotifyLoopAsync()
    {
        await foreach (var e in _notifications.Reader.ReadAllAsync())
        {
            try
            {
                LeadershipChanged?.Invoke(this, e);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Fatal(_logger, Id, ex);
            }
        }
    }
}
