using ConsulSharp.Raft.Core;
using ConsulSharp.Raft.Storage;
using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft;

public sealed partial class RaftNode
{
    private const int MaxEventsPerBatch = 8192;

    private readonly Dictionary<long, ReadEvent> _pendingReads = [];
    private readonly List<ConfigChangeEvent> _deferredConfig = [];
    private long _nextReadId;
    private (ulong Index, ulong Term, TaskCompletionSource<bool> Completion)? _pendingConfig;
    private (TaskCompletionSource<bool> Completion, long Deadline)? _pendingTransfer;
    private RaftRole _lastRole = RaftRole.Follower;
    private ulong _lastTerm;
    private string? _lastLeader;

    private RaftCore Recover()
    {
        var (term, vote) = _storage.Stable.Load();
        SnapshotMetadata? snap = null;
        foreach (var meta in _storage.Snapshots.List())
        {
            try
            {
                using var stream = _storage.Snapshots.Open(meta.Id, out var opened);
                _fsm.Restore(stream);
                snap = opened;
                break;
            }
            catch (RaftStorageCorruptException ex)
            {
                Log.SnapshotFailed(_logger, Id, ex);
            }
        }

        var log = _storage.Log;
        if (log is FileLogStore { TruncatedTail: { } torn })
        {
            Log.TornTail(_logger, Id, torn.File, torn.Offset);
        }

        var entries = log.ReadAll();
        var snapIndex = snap?.Index ?? 0;
        var snapTerm = snap?.Term ?? 0;
        if (log.BaseIndex > snapIndex)
        {
            throw new RaftStorageCorruptException($"raft storage corrupt: the log starts after index {log.BaseIndex} but the newest usable snapshot ends at {snapIndex}");
        }

        if (snap is not null)
        {
            ulong? termAtSnap = snapIndex == log.BaseIndex
                ? log.BaseTerm
                : snapIndex - log.BaseIndex - 1 < (ulong)entries.Count ? entries[(int)(snapIndex - log.BaseIndex - 1)].Term : null;
            if (termAtSnap != snapTerm)
            {
                // The log does not continue from the snapshot (a crash between installing a snapshot and resetting the log).
                log.Reset(snapIndex, snapTerm);
                entries = [];
                Log.LogReset(_logger, Id, snapIndex);
            }
            else
            {
                entries = [.. entries.Where(e => e.Index > snapIndex)];
            }
        }

        _appliedIndex = (long)snapIndex;
        _appliedTerm = snapTerm;
        _appliedConfig = snap?.Configuration ?? RaftConfiguration.Empty;
        _lastSnapshotIndex = snapIndex;
        _lastSnapshotTerm = snapTerm;
        var core = new RaftCore(Id, CoreOptions(), new Random(), NowMs(), new RaftCoreInitialState(
            new HardState(term, vote), snapIndex, snapTerm, snap?.Configuration ?? RaftConfiguration.Empty, entries));
        _lastTerm = core.Term;
        Log.Started(_logger, Id, core.Term, core.FirstIndex, core.LastIndex, snapIndex);
        return core;
    }

    private RaftCoreOptions CoreOptions() => new()
    {
        ElectionTimeoutMs = (long)_options.ElectionTimeout.TotalMilliseconds,
        HeartbeatIntervalMs = (long)_options.HeartbeatInterval.TotalMilliseconds,
        MaxEntriesPerMessage = _options.MaxEntriesPerMessage,
        MaxInflightMessages = _options.MaxInflightMessages,
        LeaseRatio = _options.LeaseRatio,
        SnapshotTimeoutMs = (long)_options.SnapshotSendTimeout.TotalMilliseconds + 1000,
    };

    private void RaftLoop()
    {
        var core = _core!;
        try
        {
            while (WaitForWork(_inbox.Reader))
            {
                core.Tick(NowMs());
                var n = 0;
                while (n++ < MaxEventsPerBatch && _inbox.Reader.TryRead(out var e))
                {
                    Handle(core, e);
                }

                for (var i = 0; i < 64 && core.HasReady; i++)
                {
                    ProcessReady(core, core.GetReady());
                }

                AfterBatch(core);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _fatal = ex;
            Log.Fatal(_logger, Id, ex);
            FailAllWaiters(new RaftException("raft node stopped after a fatal error", ex));
            _status = _status with { Role = RaftRole.Shutdown };
        }
    }

    private bool WaitForWork<T>(System.Threading.Channels.ChannelReader<T> reader)
    {
        if (reader.TryPeek(out _))
        {
            return true;
        }

        var wait = reader.WaitToReadAsync(_stop.Token);
        return wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void Handle(RaftCore core, NodeEvent e)
    {
        if (HandleRestore(core, e))
        {
            return;
        }

        switch (e)
        {
            case TickEvent:
                break;
            case MessageEvent m:
                core.Step(m.Message);
                break;
            case ProposeEvent p:
                {
                    var r = core.Propose(p.Type, p.Data, out var index);
                    if (r == ProposeResult.Ok)
                    {
                        lock (_proposals)
                        {
                            _proposals[index] = (core.Term, p.Completion);
                        }
                    }
                    else
                    {
                        p.Completion.TrySetException(ProposeError(core, r));
                    }

                    break;
                }

            case ReadEvent r:
                {
                    var id = ++_nextReadId;
                    _pendingReads[id] = r;
                    core.ReadIndex(id);
                    break;
                }

            case ConfigChangeEvent c:
                TryConfigChange(core, c);
                break;
            case TransferEvent t:
                {
                    var r = core.TransferLeadership(t.Target);
                    if (r == ProposeResult.Ok)
                    {
                        _pendingTransfer = (t.Completion, NowMs() + (2 * (long)_options.ElectionTimeout.TotalMilliseconds));
                    }
                    else
                    {
                        t.Completion.TrySetException(r == ProposeResult.Invalid
                            ? new ArgumentException($"no suitable transfer target '{t.Target}'")
                            : ProposeError(core, r));
                    }

                    break;
                }

            case BootstrapEvent b:
                b.Completion.TrySetResult(core.Bootstrap(b.Configuration));
                break;
            case SnapshotTakenEvent s:
                {
                    var keepFrom = s.Index > _options.TrailingLogs ? s.Index - _options.TrailingLogs : 0;
                    core.Compact(s.Index, keepFrom);
                    if (keepFrom > 0)
                    {
                        _storage.Log.CompactTo(Math.Min(keepFrom, core.Log.Offset));
                    }

                    break;
                }

            case SnapshotSendFailedEvent f:
                core.ReportSnapshotFailure(f.Peer);
                break;
            default:
                break;
        }
    }

    private Exception ProposeError(RaftCore core, ProposeResult r) => r switch
    {
        ProposeResult.NotLeader => new NotLeaderException(core.LeaderId, core.LeaderId is null ? null : ResolveAddress(core, core.LeaderId)),
        ProposeResult.TransferInProgress => new LeadershipTransferInProgressException(),
        ProposeResult.Invalid => new ArgumentException("invalid request"),
        _ => new RaftException($"request refused: {r}"),
    };

    private void TryConfigChange(RaftCore core, ConfigChangeEvent c)
    {
        if (core.Role != RaftRole.Leader)
        {
            c.Completion.TrySetException(ProposeError(core, ProposeResult.NotLeader));
            return;
        }

        if (_pendingConfig is not null)
        {
            _deferredConfig.Add(c);
            return;
        }

        var latest = core.LatestConfiguration;
        var next = c.Change(latest);
        if (next.Equals(latest))
        {
            c.Completion.TrySetResult(true);
            return;
        }

        var r = core.ProposeConfiguration(next, out var index);
        switch (r)
        {
            case ProposeResult.Ok:
                _pendingConfig = (index, core.Term, c.Completion);
                break;
            case ProposeResult.ConfigurationChangePending:
            case ProposeResult.NotCommittedInTerm:
                _deferredConfig.Add(c);
                break;
            case ProposeResult.Invalid:
                c.Completion.TrySetException(new ArgumentException("the configuration change would leave no voter"));
                break;
            default:
                c.Completion.TrySetException(ProposeError(core, r));
                break;
        }
    }

    private void ProcessReady(RaftCore core, Ready ready)
    {
        foreach (var m in ready.Messages)
        {
            SendMessage(core, m);
        }

        if (ready.HardState is { } hs)
        {
            _storage.Stable.Save(hs.Term, hs.VotedFor);
        }

        if (ready.Snapshot is { } install)
        {
            _storage.Log.Reset(install.Index, install.Term);
        }

        if (ready.Entries.Count > 0)
        {
            // Group commit: every entry that arrived while the previous fsync ran goes out in this single fsync.
            _storage.Log.Append(ready.Entries);
            _storage.Log.Sync();
        }

        foreach (var m in ready.MessagesAfterPersist)
        {
            SendMessage(core, m);
        }

        if (ready.Snapshot is { } restore)
        {
            _applyQueue.Writer.TryWrite(new ApplyItem(null, restore));
            Log.SnapshotInstalled(_logger, Id, restore.SnapshotId, restore.Index);
        }

        if (ready.Committed.Count > 0)
        {
            _applyQueue.Writer.TryWrite(new ApplyItem(ready.Committed, null));
        }

        foreach (var rs in ready.ReadStates)
        {
            if (_pendingReads.Remove(rs.RequestId, out var ev))
            {
                if (ev.WaitForApply)
                {
                    WhenApplied(rs.Index, () => ev.Completion.TrySetResult(rs.Index));
                }
                else
                {
                    ev.Completion.TrySetResult(rs.Index);
                }
            }
        }

        foreach (var id in ready.FailedReads)
        {
            if (_pendingReads.Remove(id, out var ev))
            {
                ev.Completion.TrySetException(ProposeError(core, ProposeResult.NotLeader));
            }
        }

        if (ready.Role != _lastRole || ready.Term != _lastTerm || ready.LeaderId != _lastLeader)
        {
            OnRoleChanged(core, ready);
        }

        core.Advance(ready);
    }

    private void OnRoleChanged(RaftCore core, Ready ready)
    {
        var wasLeader = _lastRole == RaftRole.Leader;
        var isLeader = ready.Role == RaftRole.Leader;
        Log.RoleChanged(_logger, Id, ready.Role, ready.Term, ready.LeaderId);
        if (wasLeader && (!isLeader || ready.Term != _lastTerm))
        {
            // Entries already committed will still be applied (and their callers answered) by the apply loop.
            FailProposals(new LeadershipLostException(), ready.CommitIndex);
            if (_pendingConfig is { } pc)
            {
                var configTerm = core.TermAt(pc.Index);
                if (ready.CommitIndex >= pc.Index && (configTerm is null || configTerm == pc.Term))
                {
                    pc.Completion.TrySetResult(true);
                }
                else
                {
                    pc.Completion.TrySetException(new LeadershipLostException());
                }

                _pendingConfig = null;
            }

            foreach (var c in _deferredConfig)
            {
                c.Completion.TrySetException(ProposeError(core, ProposeResult.NotLeader));
            }

            _deferredConfig.Clear();
            if (_pendingTransfer is { } t)
            {
                t.Completion.TrySetResult(true);
                _pendingTransfer = null;
            }

            Notify(new LeadershipChangedEventArgs(false, ready.Term, ready.LeaderId));
        }

        if (isLeader && (!wasLeader || ready.Term != _lastTerm))
        {
            // Publish the new role first: if the apply loop already applied LastIndex, the check below runs inline
            // and must see this node as leader (a single durable voter hit this race and never announced leadership).
            PublishStatus();
            var term = ready.Term;
            WhenApplied(core.LastIndex, () =>
            {
                var s = _status;
                if (s.Role == RaftRole.Leader && s.Term == term)
                {
                    Notify(new LeadershipChangedEventArgs(true, term, Id));
                }
            });
        }

        _lastRole = ready.Role;
        _lastTerm = ready.Term;
        _lastLeader = ready.LeaderId;
    }

    private void AfterBatch(RaftCore core)
    {
        AfterBatchRestore(core);
        if (_pendingConfig is { } pc && core.CommitIndex >= pc.Index)
        {
            var t = core.TermAt(pc.Index);
            if (t is null || t == pc.Term)
            {
                pc.Completion.TrySetResult(true);
            }
            else
            {
                pc.Completion.TrySetException(new LeadershipLostException());
            }

            _pendingConfig = null;
        }

        if (_pendingConfig is null && _restore is null && _deferredConfig.Count > 0 && core.Role == RaftRole.Leader)
        {
            var retry = _deferredConfig.ToList();
            _deferredConfig.Clear();
            foreach (var c in retry)
            {
                TryConfigChange(core, c);
            }

            while (core.HasReady)
            {
                ProcessReady(core, core.GetReady());
            }
        }

        if (_pendingTransfer is { } pt && NowMs() > pt.Deadline)
        {
            pt.Completion.TrySetException(new RaftException("leadership transfer timed out"));
            _pendingTransfer = null;
        }

        PublishStatus();
    }

    private void PublishStatus()
    {
        var core = _core!;
        var leader = core.LeaderId;
        _status = new RaftStatus
        {
            Id = Id,
            Address = Address,
            Role = core.Role,
            Term = core.Term,
            LeaderId = leader,
            LeaderAddress = leader is null ? null : ResolveAddress(core, leader),
            CommitIndex = core.CommitIndex,
            LastLogIndex = core.LastIndex,
            LastLogTerm = core.LastTerm,
            LastSnapshotIndex = _lastSnapshotIndex,
            LastSnapshotTerm = _lastSnapshotTerm,
            LastContact = core.Role == RaftRole.Leader ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(0, NowMs() - core.LastLeaderContact)),
            Configuration = core.LatestConfiguration,
            ConfigurationIndex = core.LatestConfigurationIndex,
            Peers = core.Role != RaftRole.Leader ? [] : [.. core.ProgressView.Select(p => new RaftPeerStatus(
                p.Key,
                p.Value.Match,
                p.Value.LastResponseAt == long.MinValue ? null : TimeSpan.FromMilliseconds(Math.Max(0, core.Now - p.Value.LastResponseAt))))],
        };
    }

    private string? ResolveAddress(RaftCore core, string id) =>
        id == Id ? Address : core.LatestConfiguration.Find(id)?.Address ?? _addresses.GetValueOrDefault(id);

    private void SendMessage(RaftCore core, RaftMessage m)
    {
        var address = ResolveAddress(core, m.To);
        if (address is null)
        {
            return;
        }

        if (m.Type == RaftMessageType.InstallSnapshot)
        {
            _ = SendSnapshotAsync(m, address);
        }
        else
        {
            _transport.Send(address, m);
        }
    }

    private async Task SendSnapshotAsync(RaftMessage m, string address)
    {
        try
        {
            var latest = (_storage.Snapshots.List() is { Count: > 0 } list ? list[0] : null) ?? throw new InvalidOperationException("no snapshot to send");
            using var stream = _storage.Snapshots.Open(latest.Id, out var meta);
            var header = m.WithSnapshot(meta.Id, meta.Index, meta.Term, meta.Configuration);
            using var timeout = new CancellationTokenSource(_options.SnapshotSendTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
            await _transport.SendSnapshotAsync(address, header, stream, linked.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.SnapshotSendFailed(_logger, Id, m.To, ex);
            Post(new SnapshotSendFailedEvent(m.To));
        }
    }
}
