using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Serf;

/// <summary>Member statuses driven by memberlist notifications and join/leave intents; push/pull user state.</summary>
public sealed partial class SerfPool
{
    private void HandleNodeJoin(MemberlistNode node)
    {
        SerfMember snapshot;
        lock (_gate)
        {
            if (!_members.TryGetValue(node.Name, out var member))
            {
                member = new MemberState { Name = node.Name, Status = MemberStatus.Alive };
                if (_recentIntents.Remove(node.Name, out var intent))
                {
                    member.StatusLTime = intent.LTime;
                    if (intent.Leave)
                    {
                        member.Status = MemberStatus.Leaving;
                    }
                }

                _members[node.Name] = member;
            }
            else
            {
                var old = member.Status;
                member.Status = MemberStatus.Alive;
                member.LeaveTime = 0;
                if (old is MemberStatus.Failed or MemberStatus.Left)
                {
                    _failedMembers.Remove(member);
                    _leftMembers.Remove(member);
                }
            }

            member.Address = node.Address;
            member.Port = node.Port;
            member.Tags = DecodeTags(node.Meta);
            member.Vsn = node.Vsn.Length >= 6 ? node.Vsn : new byte[6];
            snapshot = member.Snapshot();
        }

        _snapshot?.Alive(node.Name, $"{node.Address}:{node.Port}");
        Log.MemberJoined(_logger, node.Name, node.Address);
        Emit(new MemberEvent(MemberEventType.Join, [snapshot]));
    }

    private void HandleNodeLeave(MemberlistNode node)
    {
        SerfMember snapshot;
        MemberEventType type;
        lock (_gate)
        {
            if (!_members.TryGetValue(node.Name, out var member))
            {
                return;
            }

            switch (member.Status)
            {
                // Leaving: the intent came first (serf's rule). Alive but memberlist says Left: memberlist only reports
                // Left for a dead message the node sent about itself, which it does only in a graceful leave (after
                // its intent); the intent was lost or dropped as not newer (see HandleLeaveIntent), so it left
                // all the same. serf 0.9 calls this case failed until a push/pull brings the leave.
                case MemberStatus.Leaving:
                case MemberStatus.Alive when node.State == NodeStateKind.Left:
                    member.Status = MemberStatus.Left;
                    member.LeaveTime = _time.GetTimestamp();
                    _leftMembers.Add(member);
                    type = MemberEventType.Leave;
                    break;
                case MemberStatus.Alive:
                    member.Status = MemberStatus.Failed;
                    member.LeaveTime = _time.GetTimestamp();
                    _failedMembers.Add(member);
                    type = MemberEventType.Failed;
                    break;
                default:
                    return;
            }

            snapshot = member.Snapshot();
        }

        _snapshot?.NotAlive(node.Name);
        Log.MemberChanged(_logger, type, node.Name);
        Emit(new MemberEvent(type, [snapshot]));
    }

    private void HandleNodeUpdate(MemberlistNode node)
    {
        SerfMember snapshot;
        lock (_gate)
        {
            if (!_members.TryGetValue(node.Name, out var member))
            {
                return;
            }

            member.Address = node.Address;
            member.Port = node.Port;
            member.Tags = DecodeTags(node.Meta);
            if (node.Vsn.Length >= 6)
            {
                member.Vsn = node.Vsn;
            }

            snapshot = member.Snapshot();
        }

        Log.MemberChanged(_logger, MemberEventType.Update, node.Name);
        Emit(new MemberEvent(MemberEventType.Update, [snapshot]));
    }

    /// <summary>Applies a leave intent; returns true when it changed something (and should be re-broadcast).</summary>
    private bool HandleLeaveIntent(SerfLeave leave, bool gossiped = true)
    {
        _clock.Witness(leave.LTime);
        SerfMember? leftEvent = null;
        MemberState? prune = null;
        bool result;
        lock (_gate)
        {
            if (!_members.TryGetValue(leave.Node, out var member))
            {
                return UpsertIntent(leave.Node, true, leave.LTime);
            }

            // serf ignores an intent that is not newer than the member's status time. A gossiped intent *equal* to
            // it is still applied while the member is alive or failed: a push/pull from the leaver (or from a member
            // that already has it leaving) carries the leave's time in StatusLTimes without the member in
            // LeftMembers, which is applied as a join at that time before the intent itself arrives. A member's own
            // join and leave intents never share a time (each is followed by a clock increment), and after this the
            // member is leaving/left, so a second copy is ignored (no rebroadcast loop). Leaves made up from a
            // push/pull's LeftMembers (time + 1) keep the strict rule: a rejoined member's join can equal that.
            var equalApplies = gossiped && member.Status is (MemberStatus.Alive or MemberStatus.Failed);
            if (leave.LTime < member.StatusLTime || (leave.LTime == member.StatusLTime && !equalApplies))
            {
                if (member.Status is MemberStatus.Alive or MemberStatus.Failed)
                {
                    Log.IgnoredLeaveIntent(_logger, leave.Node, leave.LTime, member.StatusLTime, member.Status);
                }

                return false;
            }

            if (leave.Node == _options.NodeName && _state == SerfState.Alive)
            {
                Log.RefutingLeave(_logger);
                var now = _clock.Time;
                _ = Task.Run(() => BroadcastJoin(now));
                return false;
            }

            member.StatusLTime = leave.LTime;
            var oldStatus = member.Status;
            switch (member.Status)
            {
                case MemberStatus.Alive:
                    member.Status = MemberStatus.Leaving;
                    result = true;
                    break;
                case MemberStatus.Failed:
                    member.Status = MemberStatus.Left;
                    _failedMembers.Remove(member);
                    _leftMembers.Add(member);
                    leftEvent = member.Snapshot();
                    result = true;
                    break;
                case MemberStatus.Leaving or MemberStatus.Left:
                    result = true;
                    break;
                default:
                    return false;
            }

            Log.AppliedLeaveIntent(_logger, leave.Node, leave.LTime, oldStatus, member.Status);
            if (leave.Prune)
            {
                prune = member;
            }
        }

        if (leftEvent is not null)
        {
            Emit(new MemberEvent(MemberEventType.Leave, [leftEvent]));
        }

        if (prune is not null)
        {
            HandlePrune(prune);
        }

        return result;
    }

    private void HandlePrune(MemberState member)
    {
        if (member.Status == MemberStatus.Leaving)
        {
            var ct = _stop.Token;
            _ = Task.Run(
                async () =>
                {
                    await Task.Delay(_options.BroadcastTimeout + _options.LeavePropagateDelay, _time, ct);
                    EraseNode(member);
                },
                ct);
        }
        else
        {
            EraseNode(member);
        }
    }

    private void EraseNode(MemberState member)
    {
        SerfMember snapshot;
        lock (_gate)
        {
            if (!_members.Remove(member.Name))
            {
                return;
            }

            _failedMembers.Remove(member);
            _leftMembers.Remove(member);
            snapshot = member.Snapshot();
        }

        _coordinateCache.TryRemove(member.Name, out _);
        Log.Reaping(_logger, member.Name, member.Status);
        Emit(new MemberEvent(MemberEventType.Reap, [snapshot]));
    }

    private bool HandleJoinIntent(SerfJoin join)
    {
        _clock.Witness(join.LTime);
        lock (_gate)
        {
            if (!_members.TryGetValue(join.Node, out var member))
            {
                return UpsertIntent(join.Node, false, join.LTime);
            }

            if (join.LTime <= member.StatusLTime)
            {
                return false;
            }

            Log.AppliedJoinIntent(_logger, join.Node, member.StatusLTime, join.LTime, member.Status);
            member.StatusLTime = join.LTime;
            if (member.Status == MemberStatus.Leaving)
            {
                member.Status = MemberStatus.Alive;
            }

            return true;
        }
    }

    /// <summary>Caller holds the lock.</summary>
    private bool UpsertIntent(string node, bool leave, ulong ltime)
    {
        if (!_recentIntents.TryGetValue(node, out var existing) || ltime > existing.LTime)
        {
            _recentIntents[node] = (leave, ltime, _time.GetTimestamp());
            return true;
        }

        return false;
    }

    private void BroadcastJoin(ulong ltime)
    {
        var join = new SerfJoin(ltime, _options.NodeName);
        _clock.Witness(ltime);
        HandleJoinIntent(join);
        _intentBroadcasts.Enqueue(Encode(SerfMessageType.Join, join.Encode), null);
    }

    private static Dictionary<string, string> DecodeTags(byte[] meta)
    {
        try
        {
            return Wire.Tags.Decode(meta);
        }
        catch (GossipFormatException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    private byte[] LocalState()
    {
        Dictionary<string, ulong> status;
        List<string> left;
        lock (_gate)
        {
            status = _members.ToDictionary(m => m.Key, m => m.Value.StatusLTime, StringComparer.Ordinal);
            left = [.. _leftMembers.Select(m => m.Name)];
        }

        List<SerfUserEvents> events;
        lock (_eventLock)
        {
            events = [.. _eventBuffer.Where(e => e is not null).Select(e => e!)];
        }

        var pp = new SerfPushPull(_clock.Time, status, left, _eventClock.Time, events, _queryClock.Time);
        return Encode(SerfMessageType.PushPull, pp.Encode);
    }

    internal void MergeRemoteState(ReadOnlySpan<byte> buffer, bool join, IReadOnlySet<string>? outdated = null)
    {
        if (buffer.Length == 0 || buffer[0] != (byte)SerfMessageType.PushPull)
        {
            Log.DroppedMessage(_logger, "remote state is not a serf push/pull");
            return;
        }

        var r = new MsgReader(buffer[1..]);
        var pp = SerfPushPull.Decode(ref r);
        if (pp.LTime > 0)
        {
            _clock.Witness(pp.LTime - 1);
        }

        if (pp.EventLTime > 0)
        {
            _eventClock.Witness(pp.EventLTime - 1);
        }

        if (pp.QueryLTime > 0)
        {
            _queryClock.Witness(pp.QueryLTime - 1);
        }

        var leftSet = new HashSet<string>(pp.LeftMembers, StringComparer.Ordinal);
        foreach (var name in pp.LeftMembers)
        {
            // serf would apply this as a leave at (time + 1). When the same push/pull's memberlist part lists the
            // member dead/left at an older incarnation than the alive one we hold, the sender has not seen it come
            // back, and its left entry is as stale: applying it would turn a rejoined member `leaving` with no later
            // event to undo it (its join intent can be older than the status time that push/pulls raised while it
            // was gone). Skipped (a deliberate difference from serf 0.9).
            if (outdated?.Contains(name) == true)
            {
                Log.IgnoredStaleLeft(_logger, name);
                continue;
            }

            pp.StatusLTimes.TryGetValue(name, out var t);
            HandleLeaveIntent(new SerfLeave(t + 1, name, false), gossiped: false);
        }

        foreach (var (name, t) in pp.StatusLTimes)
        {
            if (!leftSet.Contains(name))
            {
                HandleJoinIntent(new SerfJoin(t, name));
            }
        }

        if (join && _eventJoinIgnore)
        {
            lock (_eventLock)
            {
                if (pp.EventLTime > _eventMinTime)
                {
                    _eventMinTime = pp.EventLTime;
                }
            }
        }

        foreach (var slot in pp.Events)
        {
            foreach (var (name, payload) in slot.Events)
            {
                HandleUserEvent(new SerfUserEvent(slot.LTime, name, payload, false));
            }
        }
    }

    private sealed class Delegate(SerfPool pool) : IMemberlistDelegate
    {
        public void NotifyMessage(ReadOnlySpan<byte> message) => pool.HandleMessage(message);

        public List<byte[]> GetBroadcasts(int overhead, int limit)
        {
            var messages = pool._intentBroadcasts.GetBroadcasts(overhead, limit);
            var used = messages.Sum(m => m.Length + overhead);
            messages.AddRange(pool._eventBroadcasts.GetBroadcasts(overhead, limit - used));
            used = messages.Sum(m => m.Length + overhead);
            messages.AddRange(pool._queryBroadcasts.GetBroadcasts(overhead, limit - used));
            return messages;
        }

        public byte[] LocalState(bool join) => pool.LocalState();

        public void MergeRemoteState(ReadOnlySpan<byte> state, bool join, IReadOnlySet<string> outdated)
        {
            try
            {
                pool.MergeRemoteState(state, join, outdated);
            }
            catch (GossipFormatException ex)
            {
                Log.DroppedMessage(pool._logger, ex.Message);
            }
        }

        public string? NotifyMerge(IReadOnlyList<MemberlistNode> peers)
        {
            if (pool._options.MergeFilter is not { } filter)
            {
                return null;
            }

            return filter([.. peers.Select(ToMember)]);
        }

        /// <summary>serf's merge delegate also vets every alive message: the merge check on that one member.</summary>
        public string? NotifyAlive(MemberlistNode node) => pool._options.MergeFilter is { } filter ? filter([ToMember(node)]) : null;

        /// <summary>A peer as the merge check sees it; a node that left is <see cref="MemberStatus.Left"/>, any other alive.</summary>
        private static SerfMember ToMember(MemberlistNode p) => new(p.Name, p.Address, p.Port, DecodeTags(p.Meta), p.State == NodeStateKind.Left ? MemberStatus.Left : MemberStatus.Alive,
            p.Vsn.ElementAtOrDefault(0), p.Vsn.ElementAtOrDefault(1), p.Vsn.ElementAtOrDefault(2),
            p.Vsn.ElementAtOrDefault(3), p.Vsn.ElementAtOrDefault(4), p.Vsn.ElementAtOrDefault(5));

        public void NotifyJoin(MemberlistNode node) => pool.HandleNodeJoin(node);

        public void NotifyLeave(MemberlistNode node) => pool.HandleNodeLeave(node);

        public void NotifyUpdate(MemberlistNode node) => pool.HandleNodeUpdate(node);

        public byte[]? AckPayload() => pool._options.DisableCoordinates ? null : CoordinateClient.EncodePayload(pool._coordinates.Current);

        public void NotifyPingComplete(MemberlistNode node, TimeSpan rtt, byte[]? payload)
        {
            if (pool._options.DisableCoordinates || payload is null || payload.Length == 0)
            {
                return;
            }

            try
            {
                if (CoordinateClient.DecodePayload(payload) is { } other && pool._coordinates.Update(node.Name, other, rtt))
                {
                    pool._coordinateCache[node.Name] = other;
                }
            }
            catch (GossipFormatException ex)
            {
                Log.DroppedMessage(pool._logger, ex.Message);
            }
        }
    }
}
