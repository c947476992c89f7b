using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Core;

/// <summary>
/// The Raft protocol as a pure, single-threaded state machine: no I/O, no clock, no threads. The shell feeds it time
/// (<see cref="Tick"/>), messages (<see cref="Step"/>) and requests, then drains a <see cref="Ready"/> and reports back with
/// <see cref="Advance"/>. Determinism: the same inputs (and the same seeded <see cref="Random"/>) give the same outputs,
/// which is what the simulation tests rely on.
/// </summary>
internal sealed partial class RaftCore
{
    private readonly RaftCoreOptions _options;
    private readonly Random _random;
    private readonly RaftLog _log;
    private readonly Dictionary<string, Progress> _progress = [];
    private readonly Dictionary<string, bool> _votes = [];
    private readonly List<(ulong Index, RaftConfiguration Configuration)> _configs = [];
    private readonly List<RaftMessage> _messages = [];
    private readonly List<RaftMessage> _messagesAfterPersist = [];

    private RaftConfiguration _baseConfig;
    private long _now;
    private long _electionDeadline;
    private long _heartbeatDeadline;
    private long _checkQuorumDeadline;
    private long _lastLeaderContact;
    private ulong _stableIndex;
    private ulong _unstableFrom;
    private ulong _appliedHanded;
    private ulong _snapshotIndex;
    private bool _hardStateDirty;
    private bool _replicateDirty;
    private bool _commitBroadcast;
    private SnapshotInstall? _pendingSnapshot;
    private RaftRole _lastReadyRole;
    private string? _lastReadyLeader;
    private ulong _lastReadyTerm;

    public RaftCore(string id, RaftCoreOptions options, Random random, long now, RaftCoreInitialState state)
    {
        Id = id;
        _options = options;
        _random = random;
        _now = now;
        _lastLeaderContact = now;
        Term = state.HardState.Term;
        VotedFor = state.HardState.VotedFor;
        _log = new RaftLog(state.SnapshotIndex, state.SnapshotTerm);
        _snapshotIndex = state.SnapshotIndex;
        _baseConfig = state.SnapshotConfiguration;
        foreach (var e in state.Entries)
        {
            _log.Append(e);
            if (e.Type == LogEntryType.Configuration)
            {
                _configs.Add((e.Index, RaftConfiguration.Decode(e.Data.Span)));
            }
        }

        CommitIndex = state.SnapshotIndex;
        _appliedHanded = state.SnapshotIndex;
        _stableIndex = _log.LastIndex;
        _unstableFrom = _log.LastIndex + 1;
        Role = RaftRole.Follower;
        _lastReadyTerm = Term;
        ResetElectionDeadline();
    }

    public string Id { get; }

    public RaftRole Role { get; private set; }

    public ulong Term { get; private set; }

    public string? VotedFor { get; private set; }

    public string? LeaderId { get; private set; }

    public ulong CommitIndex { get; private set; }

    public ulong LastIndex => _log.LastIndex;

    public ulong LastTerm => _log.LastTerm;

    public ulong FirstIndex => _log.FirstIndex;

    public ulong StableIndex => _stableIndex;

    public long Now => _now;

    public long LastLeaderContact => _lastLeaderContact;

    public string? TransferTarget { get; private set; }

    public RaftConfiguration LatestConfiguration => _configs.Count > 0 ? _configs[^1].Configuration : _baseConfig;

    public ulong LatestConfigurationIndex => _configs.Count > 0 ? _configs[^1].Index : _log.Offset;

    public RaftConfiguration CommittedConfiguration => ConfigurationAt(CommitIndex);

    internal IReadOnlyDictionary<string, Progress> ProgressView => _progress;

    internal RaftLog Log => _log;

    public RaftConfiguration ConfigurationAt(ulong index)
    {
        for (var i = _configs.Count - 1; i >= 0; i--)
        {
            if (_configs[i].Index <= index)
            {
                return _configs[i].Configuration;
            }
        }

        return _baseConfig;
    }

    public ulong? TermAt(ulong index) => _log.TermAt(index);

    /// <summary>Advances the core's clock and fires due timers.</summary>
    public void Tick(long now)
    {
        if (now > _now)
        {
            _now = now;
        }

        if (Role == RaftRole.Leader)
        {
            TickLeader();
        }
        else if (_now >= _electionDeadline)
        {
            Campaign(preVote: _options.PreVote, transfer: false);
        }
    }

    /// <summary>Writes the initial configuration as entry 1 of term 1; only on a node with no state at all.</summary>
    public bool Bootstrap(RaftConfiguration configuration)
    {
        if (Term != 0 || _log.LastIndex != 0 || _log.Offset != 0)
        {
            return false;
        }

        SetTerm(1);
        AppendFromLeader(new LogEntry(1, 1, LogEntryType.Configuration, configuration.Encode()));
        if (configuration.VoterCount == 1 && configuration.IsVoter(Id))
        {
            _electionDeadline = _now;
        }

        return true;
    }

    /// <summary>Appends a new entry when leader. Not durable yet: it is persisted by the next <see cref="Ready"/>.</summary>
    public ProposeResult Propose(LogEntryType type, ReadOnlyMemory<byte> data, out ulong index)
    {
        index = 0;
        if (Role != RaftRole.Leader)
        {
            return ProposeResult.NotLeader;
        }

        if (TransferTarget is not null)
        {
            return ProposeResult.TransferInProgress;
        }

        if (type == LogEntryType.Configuration)
        {
            return ProposeResult.Invalid;
        }

        index = AppendAsLeader(type, data);
        return ProposeResult.Ok;
    }

    /// <summary>Proposes a whole new configuration (one server changed at a time; enforced by the caller).</summary>
    public ProposeResult ProposeConfiguration(RaftConfiguration configuration, out ulong index)
    {
        index = 0;
        if (Role != RaftRole.Leader)
        {
            return ProposeResult.NotLeader;
        }

        if (TransferTarget is not null)
        {
            return ProposeResult.TransferInProgress;
        }

        if (LatestConfigurationIndex > CommitIndex)
        {
            return ProposeResult.ConfigurationChangePending;
        }

        if (_log.TermAt(CommitIndex) != Term)
        {
            return ProposeResult.NotCommittedInTerm;
        }

        if (configuration.VoterCount == 0)
        {
            return ProposeResult.Invalid;
        }

        index = AppendAsLeader(LogEntryType.Configuration, configuration.Encode());
        return ProposeResult.Ok;
    }

    /// <summary>Records that a snapshot through <paramref name="snapshotIndex"/> is durable and compacts the in-memory log to <paramref name="compactTo"/>.</summary>
    public void Compact(ulong snapshotIndex, ulong compactTo)
    {
        if (snapshotIndex > _snapshotIndex)
        {
            _snapshotIndex = snapshotIndex;
        }

        compactTo = Math.Min(compactTo, Math.Min(_appliedHanded, _stableIndex));
        if (compactTo <= _log.Offset)
        {
            return;
        }

        _baseConfig = ConfigurationAt(compactTo);
        _configs.RemoveAll(c => c.Index <= compactTo);
        _log.CompactTo(compactTo);
    }

    public bool HasReady =>
        _hardStateDirty || _unstableFrom <= _log.LastIndex || _pendingSnapshot is not null || _messages.Count > 0 ||
        _messagesAfterPersist.Count > 0 || CommitIndex > _appliedHanded || _readStates.Count > 0 || _failedReads.Count > 0 ||
        (Role == RaftRole.Leader && (_replicateDirty || _commitBroadcast || NeedsReadHeartbeat)) ||
        Role != _lastReadyRole || LeaderId != _lastReadyLeader || Term != _lastReadyTerm;

    public Ready GetReady()
    {
        if (Role == RaftRole.Leader)
        {
            FlushLeader();
        }

        var entries = _unstableFrom <= _log.LastIndex
            ? _log.Slice(_unstableFrom, _log.LastIndex, int.MaxValue, long.MaxValue)
            : [];
        var committedTo = Math.Min(CommitIndex, _log.LastIndex);
        var committed = committedTo > _appliedHanded
            ? _log.Slice(_appliedHanded + 1, committedTo, int.MaxValue, long.MaxValue)
            : [];
        var ready = new Ready
        {
            HardState = _hardStateDirty ? new HardState(Term, VotedFor) : null,
            Snapshot = _pendingSnapshot,
            Entries = entries,
            Committed = committed,
            Messages = [.. _messages],
            MessagesAfterPersist = [.. _messagesAfterPersist],
            ReadStates = [.. _readStates],
            FailedReads = [.. _failedReads],
            Role = Role,
            LeaderId = LeaderId,
            Term = Term,
            CommitIndex = CommitIndex,
        };
        _messages.Clear();
        _messagesAfterPersist.Clear();
        _readStates.Clear();
        _failedReads.Clear();
        _lastReadyRole = Role;
        _lastReadyLeader = LeaderId;
        _lastReadyTerm = Term;
        return ready;
    }

    /// <summary>Called once the shell has done everything <paramref name="ready"/> asked.</summary>
    public void Advance(Ready ready)
    {
        if (ready.HardState is not null && ready.HardState.Value == new HardState(Term, VotedFor))
        {
            _hardStateDirty = false;
        }

        if (ready.Snapshot is not null && ReferenceEquals(ready.Snapshot, _pendingSnapshot))
        {
            _pendingSnapshot = null;
        }

        if (ready.Entries.Count > 0)
        {
            var last = ready.Entries[^1];
            if (_log.TermAt(last.Index) == last.Term)
            {
                _stableIndex = Math.Max(_stableIndex, last.Index);
                _unstableFrom = Math.Max(_unstableFrom, last.Index + 1);
            }
        }

        if (ready.Committed.Count > 0)
        {
            _appliedHanded = Math.Max(_appliedHanded, ready.Committed[^1].Index);
        }

        if (Role == RaftRole.Leader && MaybeCommit())
        {
            _commitBroadcast = true;
        }
    }

    private ulong AppendAsLeader(LogEntryType type, ReadOnlyMemory<byte> data)
    {
        var index = _log.LastIndex + 1;
        var entry = new LogEntry(index, Term, type, data);
        _log.Append(entry);
        if (type == LogEntryType.Configuration)
        {
            _configs.Add((index, RaftConfiguration.Decode(data.Span)));
            OnConfigurationChanged();
        }

        _replicateDirty = true;
        return index;
    }

    private void AppendFromLeader(LogEntry entry)
    {
        _log.Append(entry);
        if (entry.Type == LogEntryType.Configuration)
        {
            _configs.Add((entry.Index, RaftConfiguration.Decode(entry.Data.Span)));
        }
    }

    private void TruncateFrom(ulong index)
    {
        if (index <= CommitIndex)
        {
            throw new InvalidOperationException($"raft safety violation: truncating committed entry {index} (commit {CommitIndex})");
        }

        _log.TruncateFrom(index);
        _configs.RemoveAll(c => c.Index >= index);
        _stableIndex = Math.Min(_stableIndex, index - 1);
        _unstableFrom = Math.Min(_unstableFrom, index);
    }

    private void ResetElectionDeadline()
    {
        _electionDeadline = _now + _options.ElectionTimeoutMs + _random.NextInt64(_options.ElectionTimeoutMs);
    }

    private void SetTerm(ulong term)
    {
        if (term != Term)
        {
            Term = term;
            VotedFor = null;
            _hardStateDirty = true;
        }
    }

    private void Send(RaftMessage m)
    {
        // A leader's own replication traffic may leave before its log is durable (its own match index only counts
        // persisted entries); every other message (votes, acknowledgements) waits for the fsync.
        if (Role == RaftRole.Leader && m.Type is RaftMessageType.AppendEntries or RaftMessageType.Heartbeat
                or RaftMessageType.TimeoutNow or RaftMessageType.InstallSnapshot)
        {
            _messages.Add(m);
        }
        else
        {
            _messagesAfterPersist.Add(m);
        }
    }

    private static int Quorum(int voters) => (voters / 2) + 1;

    private bool InLease() => _now - _lastLeaderContact < _options.ElectionTimeoutMs;
}
