using System.Text;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Core;
using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Tests.Simulation;

/// <summary>
/// A deterministic cluster: N pure cores, a modelled network and disk, one clock, every choice drawn from one seeded
/// <see cref="Random"/>. Invariants are checked after every event; liveness once the faults heal.
/// </summary>
internal sealed class SimCluster
{
    private const long TickMs = 5;

    private static readonly RaftCoreOptions CoreOptions = new()
    {
        ElectionTimeoutMs = 100,
        HeartbeatIntervalMs = 20,
        MaxEntriesPerMessage = 8,
        MaxInflightMessages = 4,
        SnapshotTimeoutMs = 400,
    };

    private readonly int _seed;
    private readonly SimOptions _options;
    private readonly Random _rng;
    private readonly SimNode[] _nodes;
    private readonly PriorityQueue<SimEvent, (long, long)> _queue = new();
    private readonly HashSet<(int, int)> _blocked = [];
    private readonly StringBuilder? _trace;

    // Global knowledge for the invariants.
    private readonly Dictionary<ulong, string> _leaderOfTerm = [];
    private readonly Dictionary<ulong, ulong> _committedTerm = [];
    private readonly Dictionary<(ulong Index, ulong Term), (ulong PrevTerm, int Content)> _entries = [];
    private readonly Dictionary<ulong, ulong> _appliedHash = [];
    private readonly Dictionary<long, ulong> _readRequirement = [];
    private readonly Dictionary<string, SimSnapshot> _snapshotsInFlight = [];

    private long _now;
    private long _eventSeq;
    private double _dropRate;
    private double _duplicateRate;
    private long _maxExtraDelay;
    private bool _faulty = true;
    private ulong _maxCommitted;
    private int _proposalCounter;
    private long _readCounter;
    private int _snapshotCounter;

    public SimCluster(int seed, SimOptions options)
    {
        _seed = seed;
        _options = options;
        _rng = new Random(seed);
        _trace = options.Trace ? new StringBuilder() : null;
        _nodes = new SimNode[options.Servers];
        var bootstrap = new RaftConfiguration(Enumerable.Range(0, options.InitialVoters).Select(i => new RaftServer("n" + i, "n" + i)));
        for (var i = 0; i < options.Servers; i++)
        {
            var n = new SimNode(i);
            if (i < options.InitialVoters)
            {
                n.DiskLog.Add(new LogEntry(1, 1, LogEntryType.Configuration, bootstrap.Encode()));
                n.DiskHard = new HardState(1, null);
            }

            _nodes[i] = n;
            Start(n);
        }

        _dropRate = _rng.NextDouble() * 0.2;
        _duplicateRate = _rng.NextDouble() * 0.05;
        _maxExtraDelay = _rng.Next(0, 40);
    }

    public int Events { get; private set; }

    public ulong MaxCommitted => _maxCommitted;

    public int Terms => _leaderOfTerm.Count;

    public int Snapshots => _snapshotCounter;

    public string Trace => _trace?.ToString() ?? string.Empty;

    public void Run()
    {
        var nextFault = 0L;
        var nextProposal = 0L;
        var nextRead = 0L;
        var nextConfigChange = 200L;
        while (_now < _options.FaultPhaseMs)
        {
            if (_now >= nextFault)
            {
                InjectFault();
                nextFault = _now + _rng.Next(20, 300);
            }

            if (_now >= nextProposal)
            {
                Propose();
                nextProposal = _now + _rng.Next(1, 15);
            }

            if (_now >= nextRead)
            {
                Read();
                nextRead = _now + _rng.Next(5, 60);
            }

            if (_options.MembershipChanges && _now >= nextConfigChange)
            {
                ChangeMembership();
                nextConfigChange = _now + _rng.Next(100, 600);
            }

            RunUntil(_now + 1);
        }

        Heal();
        var healedAt = _now;
        var deadline = _now + _options.HealDeadlineMs;
        ulong? target = null;
        string? proposer = null;
        while (_now < deadline)
        {
            RunUntil(_now + 5);
            var leader = _nodes.FirstOrDefault(n => n.Up && n.Core!.Role == RaftRole.Leader);
            if (leader is null)
            {
                continue;
            }

            if (target is null || proposer != leader.Id)
            {
                if (leader.Core!.Propose(LogEntryType.Command, Encoding.UTF8.GetBytes("final"), out var idx) == ProposeResult.Ok)
                {
                    target = idx;
                    proposer = leader.Id;
                    Pump(leader);
                }

                continue;
            }

            if (leader.FsmIndex >= target.Value && _committedTerm.ContainsKey(target.Value))
            {
                return;
            }
        }

        Fail($"liveness: no leader committed a new entry within {_options.HealDeadlineMs} ms after healing at {healedAt} " +
            $"({string.Join(", ", _nodes.Select(Describe))})");
    }

    private void RunUntil(long until)
    {
        while (_queue.TryPeek(out _, out var prio) && prio.Item1 <= until)
        {
            var ev = _queue.Dequeue();
            _now = Math.Max(_now, ev.Kind == SimEventKind.Tick ? prio.Item1 : prio.Item1);
            Handle(ev);
            Events++;
        }

        _now = until;
    }

    private void Schedule(long at, SimEvent ev) => _queue.Enqueue(ev, (at, _eventSeq++));

    private void Handle(SimEvent ev)
    {
        var node = _nodes[ev.Node];
        if (ev.Epoch != node.Epoch || !node.Up)
        {
            return;
        }

        switch (ev.Kind)
        {
            case SimEventKind.Tick:
                Schedule(_now + TickMs, ev);
                Pump(node);
                break;
            case SimEventKind.Deliver:
                var m = ev.Message!;
                if (m.Type == RaftMessageType.InstallSnapshot && m.SnapshotId is not null)
                {
                    node.ReceivedSnapshots[m.SnapshotId] = _snapshotsInFlight[m.SnapshotId];
                }

                node.Inbox.Enqueue(m);
                Pump(node);
                break;
            case SimEventKind.SyncDone:
                FinishReady(node);
                Pump(node);
                break;
            default:
                break;
        }
    }

    private static int Index(string id) => int.Parse(id.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    private void Start(SimNode n)
    {
        var state = n.Recover();
        n.Core = new RaftCore(n.Id, CoreOptions, new Random(_seed * 7919 + n.Index * 31 + n.Epoch), _now, state);
        n.FsmIndex = n.DiskSnapshot?.FsmIndex ?? 0;
        n.FsmHash = n.DiskSnapshot?.FsmHash ?? 0;
        n.LastRole = RaftRole.Follower;
        n.LastTerm = n.Core.Term;
        n.CheckedCommit = 0;
        n.CheckedLogVersion = -1;
        Schedule(_now + _rng.Next(1, (int)TickMs + 1), new SimEvent(SimEventKind.Tick, n.Index, Epoch: n.Epoch));
        TraceLine($"start {n.Id} term {n.Core.Term} last {n.Core.LastIndex} snap {state.SnapshotIndex}");
    }

    private void Crash(SimNode n)
    {
        if (!n.Up)
        {
            return;
        }

        if (n.Pending is { } p)
        {
            // Power loss during the fsync: the unsynced write may be lost, torn or complete.
            var outcome = _rng.Next(3);
            if (outcome > 0)
            {
                if (p.HardState is { } hs && _rng.Next(2) == 0)
                {
                    n.DiskHard = hs;
                }

                if (p.Snapshot is not null && n.PendingSnapshotData is { } snap)
                {
                    n.DiskSnapshot = snap;
                    if (outcome == 2)
                    {
                        n.ResetDiskLog(snap.Index, snap.Term);
                    }
                }
                else if (p.Entries.Count > 0)
                {
                    n.WriteEntries(p.Entries, outcome == 2 ? p.Entries.Count : _rng.Next(p.Entries.Count + 1));
                }
            }
        }

        n.Pending = null;
        n.PendingSnapshotData = null;
        n.Core = null;
        n.Inbox.Clear();
        n.ReceivedSnapshots.Clear();
        n.Epoch++;
        TraceLine($"crash {n.Id}");
    }

    private void Pump(SimNode n)
    {
        if (!n.Up || n.Pending is not null)
        {
            return;
        }

        var core = n.Core!;
        core.Tick(_now);
        CheckNode(n);
        while (n.Inbox.Count > 0)
        {
            var m = n.Inbox.Dequeue();
            TraceLine($"{n.Id} <- {m}");
            core.Step(m);
            CheckNode(n);
        }

        if (!core.HasReady)
        {
            return;
        }

        var ready = core.GetReady();
        foreach (var m in ready.Messages)
        {
            Transmit(n, m);
        }

        n.Pending = ready;
        if (ready.Snapshot is { } install)
        {
            n.PendingSnapshotData = install.SnapshotId is not null && n.ReceivedSnapshots.TryGetValue(install.SnapshotId, out var s)
                ? s
                : throw new SimulationFailure($"{n.Id}: snapshot {install.SnapshotId} to install was never received");
        }

        Schedule(_now + _rng.Next(0, 3), new SimEvent(SimEventKind.SyncDone, n.Index, Epoch: n.Epoch));
    }

    private void FinishReady(SimNode n)
    {
        var ready = n.Pending!;
        n.Pending = null;
        if (ready.HardState is { } hs)
        {
            n.DiskHard = hs;
        }

        if (ready.Snapshot is not null)
        {
            var snap = n.PendingSnapshotData!;
            n.DiskSnapshot = snap;
            n.ResetDiskLog(snap.Index, snap.Term);
            n.FsmIndex = snap.FsmIndex;
            n.FsmHash = snap.FsmHash;
            CheckApplied(n);
        }

        n.PendingSnapshotData = null;
        n.WriteEntries(ready.Entries, ready.Entries.Count);
        foreach (var m in ready.MessagesAfterPersist)
        {
            Transmit(n, m);
        }

        foreach (var e in ready.Committed)
        {
            if (e.Index <= n.FsmIndex)
            {
                continue;
            }

            if (e.Index != n.FsmIndex + 1)
            {
                Fail($"{n.Id}: apply gap, applying {e.Index} after {n.FsmIndex}");
            }

            n.FsmHash = Mix(n.FsmHash, e);
            n.FsmIndex = e.Index;
            CheckApplied(n);
        }

        foreach (var r in ready.ReadStates)
        {
            if (_readRequirement.Remove(r.RequestId, out var min) && r.Index < min)
            {
                Fail($"{n.Id}: stale read: read index {r.Index} but {min} was already committed when the read started");
            }
        }

        foreach (var f in ready.FailedReads)
        {
            _readRequirement.Remove(f);
        }

        n.Core!.Advance(ready);
        CheckNode(n);
        MaybeSnapshot(n);
    }

    private void MaybeSnapshot(SimNode n)
    {
        var core = n.Core!;
        var last = n.DiskSnapshot?.Index ?? 0;
        if (n.FsmIndex < last + 12 || n.FsmIndex > n.DiskLastIndex)
        {
            return;
        }

        var term = core.TermAt(n.FsmIndex);
        if (term is null)
        {
            return;
        }

        n.DiskSnapshot = new SimSnapshot(n.FsmIndex, term.Value, core.ConfigurationAt(n.FsmIndex), n.FsmIndex, n.FsmHash);
        var compactTo = n.FsmIndex - (ulong)Math.Min((long)n.FsmIndex, _rng.Next(0, 6));
        core.Compact(n.FsmIndex, compactTo);
        n.CompactDisk(Math.Min(compactTo, core.Log.Offset));
        TraceLine($"{n.Id} snapshot at {n.FsmIndex} compact {core.Log.Offset}");
    }

    private void Transmit(SimNode from, RaftMessage m)
    {
        if (m.Type == RaftMessageType.InstallSnapshot)
        {
            var snap = from.DiskSnapshot;
            if (snap is null)
            {
                from.Core!.ReportSnapshotFailure(m.To);
                return;
            }

            m = new RaftMessage
            {
                Type = m.Type, Term = m.Term, From = m.From, To = m.To, LogIndex = snap.Index, LogTerm = snap.Term,
                Configuration = snap.Configuration, SnapshotId = "s" + _snapshotCounter++, Seq = m.Seq, Timestamp = m.Timestamp,
            };
            _snapshotsInFlight[m.SnapshotId] = snap;
        }

        var to = Index(m.To);
        if (to < 0 || to >= _nodes.Length)
        {
            return;
        }

        if (_blocked.Contains((from.Index, to)) || (_faulty && _rng.NextDouble() < _dropRate))
        {
            return;
        }

        var copies = _faulty && _rng.NextDouble() < _duplicateRate ? 2 : 1;
        for (var c = 0; c < copies; c++)
        {
            var delay = 1 + _rng.Next(0, 3) + (_faulty && _maxExtraDelay > 0 ? _rng.Next(0, (int)_maxExtraDelay) : 0);
            Schedule(_now + delay, new SimEvent(SimEventKind.Deliver, to, m, _nodes[to].Epoch));
        }
    }

    // ------------------------------------------------------------ workload and faults

    private void Propose()
    {
        foreach (var n in _nodes)
        {
            if (n.Up && n.Core!.Role == RaftRole.Leader)
            {
                var count = _rng.Next(1, 4);
                for (var i = 0; i < count; i++)
                {
                    n.Core.Propose(LogEntryType.Command, Encoding.UTF8.GetBytes("c" + _proposalCounter++), out _);
                }

                Pump(n);
            }
        }
    }

    private void Read()
    {
        var candidates = _nodes.Where(n => n.Up && n.Core!.Role == RaftRole.Leader).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var n = candidates[_rng.Next(candidates.Count)];
        var id = ++_readCounter;
        _readRequirement[id] = _maxCommitted;
        n.Core!.ReadIndex(id);
        Pump(n);
    }

    private void ChangeMembership()
    {
        var leader = _nodes.FirstOrDefault(n => n.Up && n.Core!.Role == RaftRole.Leader);
        if (leader is null)
        {
            return;
        }

        var core = leader.Core!;
        var config = core.LatestConfiguration;
        var pick = _nodes[_rng.Next(_nodes.Length)];
        RaftConfiguration next;
        var existing = config.Find(pick.Id);
        switch (_rng.Next(4))
        {
            case 0 when existing is null:
                next = config.With(new RaftServer(pick.Id, pick.Id, ServerSuffrage.Nonvoter));
                break;
            case 1 when existing is null || !existing.IsVoter:
                next = config.With(new RaftServer(pick.Id, pick.Id, ServerSuffrage.Voter));
                break;
            case 2 when existing is not null && config.VoterCount > 2:
                next = config.Without(pick.Id);
                break;
            case 3:
                core.TransferLeadership(null);
                Pump(leader);
                return;
            default:
                return;
        }

        if (core.ProposeConfiguration(next, out _) == ProposeResult.Ok)
        {
            TraceLine($"{leader.Id} proposes configuration {next}");
        }

        Pump(leader);
    }

    private void InjectFault()
    {
        switch (_rng.Next(8))
        {
            case 0:
            case 1:
                {
                    var n = _nodes[_rng.Next(_nodes.Length)];
                    if (n.Up && _nodes.Count(x => !x.Up) < 2)
                    {
                        Crash(n);
                    }

                    break;
                }

            case 2:
            case 3:
                foreach (var n in _nodes.Where(x => !x.Up))
                {
                    Start(n);
                }

                break;
            case 4:
                {
                    // Symmetric partition: isolate a random minority or majority group.
                    _blocked.Clear();
                    var group = _nodes.Where(_ => _rng.Next(2) == 0).Select(n => n.Index).ToHashSet();
                    foreach (var a in _nodes)
                    {
                        foreach (var b in _nodes)
                        {
                            if (group.Contains(a.Index) != group.Contains(b.Index))
                            {
                                _blocked.Add((a.Index, b.Index));
                            }
                        }
                    }

                    TraceLine($"partition {string.Join(",", group)}");
                    break;
                }

            case 5:
                {
                    // One-way link failure.
                    var a = _rng.Next(_nodes.Length);
                    var b = _rng.Next(_nodes.Length);
                    if (a != b)
                    {
                        _blocked.Add((a, b));
                        TraceLine($"block {a}->{b}");
                    }

                    break;
                }

            case 6:
                _blocked.Clear();
                TraceLine("heal links");
                break;
            default:
                _dropRate = _rng.NextDouble() * 0.2;
                _duplicateRate = _rng.NextDouble() * 0.05;
                _maxExtraDelay = _rng.Next(0, 40);
                break;
        }
    }

    private void Heal()
    {
        _faulty = false;
        _blocked.Clear();
        foreach (var n in _nodes.Where(x => !x.Up))
        {
            Start(n);
        }

        TraceLine("heal all");
    }

    // ------------------------------------------------------------ invariants

    private void CheckNode(SimNode n)
    {
        var core = n.Core!;

        // Election safety: one leader per term, ever.
        if (core.Role == RaftRole.Leader)
        {
            if (_leaderOfTerm.TryGetValue(core.Term, out var other) && other != n.Id)
            {
                Fail($"election safety: {other} and {n.Id} both leaders of term {core.Term}");
            }

            if (n.LastRole != RaftRole.Leader || n.LastTerm != core.Term)
            {
                _leaderOfTerm[core.Term] = n.Id;
                TraceLine($"{n.Id} becomes leader of term {core.Term} (last {core.LastIndex})");
                CheckLeaderCompleteness(n);
            }
        }

        n.LastRole = core.Role;
        n.LastTerm = core.Term;

        // Log matching: an (index, term) pair always names the same entry with the same predecessor.
        var log = core.Log;
        var prevTerm = log.OffsetTerm;
        var checkFrom = log.Version == n.CheckedLogVersion ? log.LastIndex + 1 : log.FirstIndex;
        n.CheckedLogVersion = log.Version;
        for (var i = checkFrom; i <= log.LastIndex; i++)
        {
            var e = log.Get(i);
            var content = ContentHash(e);
            if (_entries.TryGetValue((e.Index, e.Term), out var seen))
            {
                if (seen.Content != content || seen.PrevTerm != prevTerm)
                {
                    Fail($"log matching: {n.Id} holds entry {e.Index}/{e.Term} differing from another log's");
                }
            }
            else
            {
                _entries[(e.Index, e.Term)] = (prevTerm, content);
            }

            prevTerm = e.Term;
        }

        // Committed entries never change.
        if (core.CommitIndex < n.CheckedCommit)
        {
            n.CheckedCommit = core.CommitIndex;
        }

        for (var i = Math.Max(n.CheckedCommit + 1, log.Offset); i <= core.CommitIndex; i++)
        {
            var t = core.TermAt(i);
            if (t is null)
            {
                continue;
            }

            if (_committedTerm.TryGetValue(i, out var ct))
            {
                if (ct != t.Value)
                {
                    Fail($"state machine safety: {n.Id} committed {i}/{t} but {i}/{ct} was committed before");
                }
            }
            else
            {
                _committedTerm[i] = t.Value;
            }

            _maxCommitted = Math.Max(_maxCommitted, i);
        }

        n.CheckedCommit = core.CommitIndex;
    }

    private void CheckLeaderCompleteness(SimNode n)
    {
        var core = n.Core!;
        if (core.LastIndex < _maxCommitted)
        {
            Fail($"leader completeness: {n.Id} leads term {core.Term} with last index {core.LastIndex} < committed {_maxCommitted}");
        }

        for (var i = core.Log.Offset + 1; i <= _maxCommitted; i++)
        {
            if (_committedTerm.TryGetValue(i, out var t) && core.TermAt(i) != t)
            {
                Fail($"leader completeness: {n.Id} leads term {core.Term} without committed entry {i}/{t}");
            }
        }
    }

    private void CheckApplied(SimNode n)
    {
        if (_appliedHash.TryGetValue(n.FsmIndex, out var h))
        {
            if (h != n.FsmHash)
            {
                Fail($"state machine safety: {n.Id} state after applying {n.FsmIndex} differs from another server's");
            }
        }
        else
        {
            _appliedHash[n.FsmIndex] = n.FsmHash;
        }

        if (!_committedTerm.ContainsKey(n.FsmIndex) && n.FsmIndex > 0 && n.FsmIndex > _maxCommitted)
        {
            Fail($"{n.Id} applied {n.FsmIndex} which no server has committed");
        }
    }

    private static int ContentHash(LogEntry e)
    {
        var h = new HashCode();
        h.Add((int)e.Type);
        h.AddBytes(e.Data.Span);
        return h.ToHashCode();
    }

    private static ulong Mix(ulong hash, LogEntry e)
    {
        var h = hash ^ e.Index;
        h *= 0x100000001b3UL;
        foreach (var b in e.Data.Span)
        {
            h = (h ^ b) * 0x100000001b3UL;
        }

        return h ^ (ulong)e.Type;
    }

    private static string Describe(SimNode n) =>
        n.Up ? $"{n.Id}:{n.Core!.Role}/t{n.Core.Term}/last{n.Core.LastIndex}/c{n.Core.CommitIndex}/cfg{n.Core.LatestConfiguration}" +
            string.Concat(n.Core.ProgressView.Select(p => $" [{p.Key} {p.Value.State} m{p.Value.Match} n{p.Value.Next} inf{p.Value.InflightCount} ps{p.Value.ProbeSent} snap{p.Value.PendingSnapshot} las{p.Value.LastAppendSeq} ack{p.Value.AckedSeq}]"))
            : $"{n.Id}:down";

    private void TraceLine(string line) => _trace?.Append(_now).Append(' ').AppendLine(line);

    private void Fail(string message) =>
        throw new SimulationFailure($"seed {_seed} at t={_now}ms: {message}");
}
