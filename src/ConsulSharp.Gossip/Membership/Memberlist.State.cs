using System.Net;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Membership;

/// <summary>Node table and the alive / suspect / dead rules with incarnation numbers and refutation.</summary>
internal sealed partial class Memberlist
{
    private enum Notification
    {
        Join,
        Leave,
        Update,
    }

    internal void AliveNode(Alive a, TaskCompletionSource? notify, bool bootstrap)
    {
        (Notification Kind, MemberlistNode Node)? notification = null;
        if (_delegate is { } veto && a.Node != _config.Name && a.Addr.Length is 4 or 16)
        {
            var node = new MemberlistNode(a.Node, new IPAddress(a.Addr), a.Port, a.Meta, a.Vsn.Length >= 6 ? a.Vsn : new byte[6], NodeStateKind.Alive, a.Incarnation);
            if (veto.NotifyAlive(node) is { } refused)
            {
                Log.IgnoredAliveRefused(_logger, a.Node, refused);
                return;
            }
        }

        lock (_gate)
        {
            if (_leaving && a.Node == _config.Name && !bootstrap)
            {
                return;
            }

            if (a.Vsn.Length >= 3 && (a.Vsn[0] == 0 || a.Vsn[1] == 0 || a.Vsn[0] > a.Vsn[1]))
            {
                Log.IgnoredAliveBadVersion(_logger, a.Node);
                return;
            }

            if (a.Addr.Length is not (4 or 16))
            {
                Log.IgnoredAliveBadAddress(_logger, a.Node);
                return;
            }

            var address = new IPAddress(a.Addr);
            var updatesNode = false;
            if (!_nodeMap.TryGetValue(a.Node, out var state))
            {
                state = new NodeState { Name = a.Node, Address = address, Port = a.Port, Meta = a.Meta, State = NodeStateKind.Dead, StateChange = _time.GetTimestamp() };
                if (a.Vsn.Length >= 6)
                {
                    state.Vsn = a.Vsn;
                }

                _nodeMap[a.Node] = state;
                var offset = _nodes.Count == 0 ? 0 : Random.Shared.Next(_nodes.Count + 1);
                _nodes.Add(state);
                (_nodes[offset], _nodes[^1]) = (_nodes[^1], _nodes[offset]);
            }
            else if (!state.Address.Equals(address) || state.Port != a.Port)
            {
                var canReclaim = _options.DeadNodeReclaimTime > TimeSpan.Zero && _time.GetElapsedTime(state.StateChange) > _options.DeadNodeReclaimTime;
                if (state.State == NodeStateKind.Left || (state.State == NodeStateKind.Dead && canReclaim))
                {
                    Log.UpdatingAddress(_logger, a.Node, address, a.Port);
                    updatesNode = true;
                }
                else
                {
                    Log.ConflictingAddress(_logger, a.Node, state.Address, state.Port, address, a.Port);
                    return;
                }
            }

            var isLocal = state.Name == _config.Name;
            if (a.Incarnation <= state.Incarnation && !isLocal && !updatesNode)
            {
                return;
            }

            if (a.Incarnation < state.Incarnation && isLocal)
            {
                return;
            }

            RemoveSuspicion(a.Node);
            var oldState = state.State;
            var oldMeta = state.Meta;
            if (!bootstrap && isLocal)
            {
                if (a.Incarnation == state.Incarnation && a.Meta.AsSpan().SequenceEqual(state.Meta) && a.Vsn.AsSpan().SequenceEqual(_config.Vsn))
                {
                    return;
                }

                Refute(state, a.Incarnation);
                Log.Refuting(_logger, "alive", a.Node);
            }
            else
            {
                Broadcast(a.Node, Framing.Encode(MessageType.Alive, a.Encode), notify);
                if (a.Vsn.Length >= 6)
                {
                    state.Vsn = a.Vsn;
                }

                state.Incarnation = a.Incarnation;
                state.Meta = a.Meta;
                state.Address = address;
                state.Port = a.Port;
                if (state.State != NodeStateKind.Alive)
                {
                    state.State = NodeStateKind.Alive;
                    state.StateChange = _time.GetTimestamp();
                }
            }

            if (oldState is NodeStateKind.Dead or NodeStateKind.Left)
            {
                notification = (Notification.Join, state.Snapshot());
            }
            else if (!oldMeta.AsSpan().SequenceEqual(state.Meta))
            {
                notification = (Notification.Update, state.Snapshot());
            }
        }

        if (notification is { } n)
        {
            Raise(n.Kind, n.Node);
        }
    }

    internal void SuspectNode(Suspect s)
    {
        lock (_gate)
        {
            if (!_nodeMap.TryGetValue(s.Node, out var state) || s.Incarnation < state.Incarnation)
            {
                return;
            }

            if (_suspicions.TryGetValue(s.Node, out var timer))
            {
                if (timer.Confirm(s.From))
                {
                    Log.SuspicionConfirmed(_logger, s.Node, s.From, timer.Confirmations, timer.Expected);
                    Broadcast(s.Node, Framing.Encode(MessageType.Suspect, s.Encode), null);
                }

                return;
            }

            if (state.State != NodeStateKind.Alive)
            {
                return;
            }

            if (state.Name == _config.Name)
            {
                Refute(state, s.Incarnation);
                Log.Refuting(_logger, "suspect", s.From);
                return;
            }

            Broadcast(s.Node, Framing.Encode(MessageType.Suspect, s.Encode), null);
            state.Incarnation = s.Incarnation;
            state.State = NodeStateKind.Suspect;
            var changeTime = _time.GetTimestamp();
            state.StateChange = changeTime;

            var k = _options.SuspicionMult - 2;
            var n = _nodes.Count;
            if (n - 2 < k)
            {
                k = 0;
            }

            var min = SuspicionTimeout(_options.SuspicionMult, n, _options.ProbeInterval);
            var max = _options.SuspicionMaxTimeoutMult * min;
            var name = s.Node;
            _suspicions[name] = new Suspicion(s.From, k, min, max, _time, confirmations => OnSuspicionTimeout(name, changeTime, confirmations));
            Log.Suspected(_logger, s.Node, s.From);
        }
    }

    internal void DeadNode(Suspect d, TaskCompletionSource? notify = null)
    {
        MemberlistNode? left = null;
        lock (_gate)
        {
            if (!_nodeMap.TryGetValue(d.Node, out var state) || d.Incarnation < state.Incarnation)
            {
                return;
            }

            RemoveSuspicion(d.Node);
            if (state.DeadOrLeft)
            {
                return;
            }

            if (state.Name == _config.Name)
            {
                if (!_leaving)
                {
                    Refute(state, d.Incarnation);
                    Log.Refuting(_logger, "dead", d.From);
                    return;
                }

                Broadcast(d.Node, Framing.Encode(MessageType.Dead, d.Encode), notify);
            }
            else
            {
                Broadcast(d.Node, Framing.Encode(MessageType.Dead, d.Encode), null);
            }

            state.Incarnation = d.Incarnation;
            state.State = d.Node == d.From ? NodeStateKind.Left : NodeStateKind.Dead;
            state.StateChange = _time.GetTimestamp();
            left = state.Snapshot();
        }

        if (d.Node != d.From)
        {
            Log.MarkedDead(_logger, d.Node, d.From);
        }

        Raise(Notification.Leave, left);
    }

    /// <summary>Merges push/pull node states: alive as alive, left as a voluntary dead, dead/suspect as our suspicion.</summary>
    internal void MergeState(IReadOnlyList<PushNodeState> remote)
    {
        foreach (var r in remote)
        {
            switch ((NodeStateKind)r.State)
            {
                case NodeStateKind.Alive:
                    AliveNode(new Alive(r.Incarnation, r.Name, r.Addr, r.Port, r.Meta, r.Vsn), null, bootstrap: false);
                    break;
                case NodeStateKind.Left:
                    DeadNode(new Suspect(r.Incarnation, r.Name, r.Name));
                    break;
                case NodeStateKind.Dead:
                case NodeStateKind.Suspect:
                    SuspectNode(new Suspect(r.Incarnation, r.Name, _config.Name));
                    break;
                default:
                    break;
            }
        }
    }

    internal static TimeSpan SuspicionTimeout(int suspicionMult, int n, TimeSpan interval)
    {
        var nodeScale = Math.Max(1.0, Math.Log10(Math.Max(1.0, n)));
        return TimeSpan.FromTicks((long)(suspicionMult * Math.Floor(nodeScale * 1000) * interval.Ticks / 1000));
    }

    /// <summary>Caller holds the lock.</summary>
    private void Refute(NodeState self, uint accusedIncarnation)
    {
        var incarnation = NextIncarnation();
        if (accusedIncarnation >= incarnation)
        {
            incarnation = SkipIncarnation(accusedIncarnation - incarnation + 1);
        }

        self.Incarnation = incarnation;
        _awareness.ApplyDelta(1);
        var a = new Alive(incarnation, self.Name, AddressBytes(self.Address), self.Port, self.Meta, _config.Vsn);
        Broadcast(self.Name, Framing.Encode(MessageType.Alive, a.Encode), null);
    }

    private void Broadcast(string node, byte[] message, TaskCompletionSource? notify) => _broadcasts.Enqueue(message, node, notify);

    /// <summary>Caller holds the lock.</summary>
    private void RemoveSuspicion(string node)
    {
        if (_suspicions.Remove(node, out var timer))
        {
            timer.Dispose();
        }
    }

    private void OnSuspicionTimeout(string node, long changeTime, int confirmations)
    {
        Suspect? d = null;
        lock (_gate)
        {
            if (_nodeMap.TryGetValue(node, out var state) && state.State == NodeStateKind.Suspect && state.StateChange == changeTime)
            {
                d = new Suspect(state.Incarnation, state.Name, _config.Name);
            }
        }

        if (d is not null)
        {
            Log.SuspicionExpired(_logger, node, confirmations);
            DeadNode(d);
        }
    }

    private void Raise(Notification kind, MemberlistNode? node)
    {
        if (node is null || _delegate is null)
        {
            return;
        }

        switch (kind)
        {
            case Notification.Join:
                _delegate.NotifyJoin(node);
                break;
            case Notification.Leave:
                _delegate.NotifyLeave(node);
                break;
            case Notification.Update:
                _delegate.NotifyUpdate(node);
                break;
            default:
                break;
        }
    }
}
