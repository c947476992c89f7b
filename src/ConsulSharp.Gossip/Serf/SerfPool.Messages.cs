using System.Net;
using System.Text.RegularExpressions;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Serf;

/// <summary>serf gossip messages: intents, user events, queries, responses, relays.</summary>
public sealed partial class SerfPool
{
    private const int HardUserEventSizeLimit = 9 * 1024;
    private readonly Lock _eventLock = new();
    private readonly SerfUserEvents?[] _eventBuffer;
    private readonly (ulong LTime, List<uint> Ids)?[] _queryBuffer;
    private readonly Dictionary<ulong, QueryCollector> _queryResponses = [];
    private ulong _eventMinTime;

    /// <summary>Broadcasts a user event to the pool (name + payload ≤ UserEventSizeLimit). We receive it too.</summary>
    public Task UserEventAsync(string name, ReadOnlyMemory<byte> payload, bool coalesce, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (name.Length + payload.Length > _options.UserEventSizeLimit || name.Length + payload.Length > HardUserEventSizeLimit)
        {
            throw new ArgumentException($"user event exceeds configured limit of {_options.UserEventSizeLimit} bytes before encoding");
        }

        var message = new SerfUserEvent(_eventClock.Time, name, payload.ToArray(), coalesce);
        var raw = Encode(SerfMessageType.UserEvent, message.Encode);
        if (raw.Length > _options.UserEventSizeLimit || raw.Length > HardUserEventSizeLimit)
        {
            throw new ArgumentException($"encoded user event exceeds limit of {_options.UserEventSizeLimit} bytes");
        }

        _eventClock.Increment();
        HandleUserEvent(message);
        _eventBroadcasts.Enqueue(raw, null);
        return Task.CompletedTask;
    }

    /// <summary>Sends a query to the pool and collects acks/responses until the timeout. We receive it too.</summary>
    public async Task<SerfQueryResult> QueryAsync(string name, ReadOnlyMemory<byte> payload, SerfQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SerfQueryOptions();
        var timeout = options.Timeout ?? DefaultQueryTimeout();
        var filters = new List<byte[]>();
        if (options.FilterNodes is { Count: > 0 } nodes)
        {
            var w = new MsgWriter();
            w.WriteByte(0);
            w.WriteArrayHeader(nodes.Count);
            foreach (var n in nodes)
            {
                w.WriteString(n);
            }

            filters.Add(w.ToArray());
        }

        foreach (var (tag, expr) in options.FilterTags ?? new Dictionary<string, string>())
        {
            var w = new MsgWriter();
            w.WriteByte(1);
            w.WriteMapHeader(2);
            w.WriteString("Expr");
            w.WriteString(expr);
            w.WriteString("Tag");
            w.WriteString(tag);
            filters.Add(w.ToArray());
        }

        var self = LocalEndPoint;
        var query = new SerfQuery(
            _queryClock.Time,
            (uint)Random.Shared.Next(int.MaxValue),
            Membership.Memberlist.AddressBytes(self.Address),
            (ushort)self.Port,
            _options.NodeName,
            filters.Count == 0 ? null : filters,
            options.RequestAck ? SerfQuery.FlagAck : 0,
            options.RelayFactor,
            timeout.Ticks * 100,
            name,
            payload.ToArray());
        var raw = Encode(SerfMessageType.Query, query.Encode);
        if (raw.Length > _options.QuerySizeLimit)
        {
            throw new ArgumentException($"query exceeds limit of {_options.QuerySizeLimit} bytes");
        }

        _queryClock.Increment();
        var collector = new QueryCollector(query.Id);
        lock (_eventLock)
        {
            _queryResponses[query.LTime] = collector;
        }

        try
        {
            HandleQuery(query);
            _queryBroadcasts.Enqueue(raw, null);
            await Task.Delay(timeout, _time, cancellationToken);
        }
        finally
        {
            collector.Finished = true;
            lock (_eventLock)
            {
                _queryResponses.Remove(query.LTime);
            }
        }

        return new SerfQueryResult([.. collector.Acks.Keys.Order(StringComparer.Ordinal)], new Dictionary<string, byte[]>(collector.Responses, StringComparer.Ordinal));
    }

    /// <summary>serf's default: GossipInterval × QueryTimeoutMult × ceil(log10(N + 1)).</summary>
    public TimeSpan DefaultQueryTimeout()
    {
        var n = _memberlist.NumNodes;
        return _options.Memberlist.GossipInterval * _options.QueryTimeoutMult * Math.Ceiling(Math.Log10(n + 1.0));
    }

    internal async Task RespondAsync(QueryEvent query, byte[] payload, CancellationToken cancellationToken)
    {
        var response = new SerfQueryResponse(query.LamportTime, query.Id, _options.NodeName, 0, payload);
        var raw = Encode(SerfMessageType.QueryResponse, response.Encode);
        if (raw.Length > _options.QueryResponseSizeLimit)
        {
            throw new ArgumentException($"response exceeds limit of {_options.QueryResponseSizeLimit} bytes");
        }

        if (_time.GetUtcNow() > query.Deadline)
        {
            throw new InvalidOperationException("response is past the deadline");
        }

        await _memberlist.SendToAsync(query.ReplyTo, raw, cancellationToken);
        await RelayResponseAsync(query.RelayFactor, query.ReplyTo, query.SourceNode, response, cancellationToken);
    }

    /// <summary>Sends a query response through <paramref name="relayFactor"/> random alive members (serf ≥ 0.8 relays).</summary>
    private async Task RelayResponseAsync(byte relayFactor, IPEndPoint destination, string destinationName, SerfQueryResponse response, CancellationToken cancellationToken)
    {
        if (relayFactor == 0)
        {
            return;
        }

        List<SerfMember> peers;
        lock (_gate)
        {
            if (_members.Count < relayFactor + 2)
            {
                return;
            }

            peers = [.. _members.Values.Where(m => m.Status == MemberStatus.Alive && m.Vsn[1] >= 5 && m.Name != _options.NodeName)
                .OrderBy(_ => Random.Shared.Next()).Take(relayFactor).Select(m => m.Snapshot())];
        }

        var w = new MsgWriter();
        w.WriteByte((byte)SerfMessageType.Relay);
        w.WriteMapHeader(2);
        w.WriteString("DestAddr");
        w.WriteMapHeader(3);
        w.WriteString("IP");
        w.WriteRaw(Membership.Memberlist.AddressBytes(destination.Address));
        w.WriteString("Port");
        w.WriteInt(destination.Port);
        w.WriteString("Zone");
        w.WriteString(string.Empty);
        w.WriteString("DestName");
        w.WriteString(destinationName);
        w.WriteByte((byte)SerfMessageType.QueryResponse);
        response.Encode(w);
        if (w.Length > _options.QueryResponseSizeLimit)
        {
            return;
        }

        var raw = w.ToArray();
        foreach (var peer in peers)
        {
            await _memberlist.SendToAsync(new IPEndPoint(peer.Address, peer.Port), raw, cancellationToken);
        }
    }

    private void HandleMessage(ReadOnlySpan<byte> message)
    {
        if (message.Length == 0)
        {
            Log.DroppedMessage(_logger, "empty serf message");
            return;
        }

        try
        {
            var r = new MsgReader(message[1..]);
            var type = (SerfMessageType)message[0];
            switch (type)
            {
                case SerfMessageType.Leave:
                    if (HandleLeaveIntent(SerfLeave.Decode(ref r)))
                    {
                        _intentBroadcasts.Enqueue(message.ToArray(), null);
                    }

                    break;
                case SerfMessageType.Join:
                    if (HandleJoinIntent(SerfJoin.Decode(ref r)))
                    {
                        _intentBroadcasts.Enqueue(message.ToArray(), null);
                    }

                    break;
                case SerfMessageType.UserEvent:
                    if (HandleUserEvent(SerfUserEvent.Decode(ref r)))
                    {
                        _eventBroadcasts.Enqueue(message.ToArray(), null);
                    }

                    break;
                case SerfMessageType.Query:
                    if (HandleQuery(SerfQuery.Decode(ref r)))
                    {
                        _queryBroadcasts.Enqueue(message.ToArray(), null);
                    }

                    break;
                case SerfMessageType.QueryResponse:
                    HandleQueryResponse(SerfQueryResponse.Decode(ref r));
                    break;
                case SerfMessageType.Relay:
                    HandleRelay(message[1..]);
                    break;
                default:
                    Log.DroppedMessage(_logger, $"unknown serf message type {message[0]}");
                    break;
            }
        }
        catch (GossipFormatException ex)
        {
            Log.DroppedMessage(_logger, ex.Message);
        }
    }

    private bool HandleUserEvent(SerfUserEvent e)
    {
        _eventClock.Witness(e.LTime);
        lock (_eventLock)
        {
            if (e.LTime < _eventMinTime)
            {
                return false;
            }

            var now = _eventClock.Time;
            var size = (ulong)_eventBuffer.Length;
            if (now > size && e.LTime < now - size)
            {
                Log.OldEvent(_logger, e.Name, e.LTime);
                return false;
            }

            var index = (int)(e.LTime % size);
            var seen = _eventBuffer[index];
            if (seen is not null && seen.LTime == e.LTime)
            {
                if (seen.Events.Any(p => p.Name == e.Name && p.Payload.AsSpan().SequenceEqual(e.Payload)))
                {
                    return false;
                }

                seen = seen with { Events = [.. seen.Events, (e.Name, e.Payload)] };
            }
            else
            {
                seen = new SerfUserEvents(e.LTime, [(e.Name, e.Payload)]);
            }

            _eventBuffer[index] = seen;
        }

        Emit(new UserEvent(e.LTime, e.Name, e.Payload, e.CC));
        return true;
    }

    private bool HandleQuery(SerfQuery query)
    {
        _queryClock.Witness(query.LTime);
        lock (_eventLock)
        {
            var now = _queryClock.Time;
            var size = (ulong)_queryBuffer.Length;
            if (now > size && query.LTime < now - size)
            {
                return false;
            }

            var index = (int)(query.LTime % size);
            var seen = _queryBuffer[index];
            if (seen is { } s && s.LTime == query.LTime)
            {
                if (s.Ids.Contains(query.Id))
                {
                    return false;
                }

                s.Ids.Add(query.Id);
            }
            else
            {
                _queryBuffer[index] = (query.LTime, [query.Id]);
            }
        }

        var rebroadcast = (query.Flags & SerfQuery.FlagNoBroadcast) == 0;
        if (!ShouldProcessQuery(query.Filters))
        {
            return rebroadcast;
        }

        if (query.Addr.Length is not (4 or 16))
        {
            return rebroadcast;
        }

        var replyAddress = new IPAddress(query.Addr);
        var replyTo = new IPEndPoint(replyAddress.IsIPv4MappedToIPv6 ? replyAddress.MapToIPv4() : replyAddress, query.Port);
        if ((query.Flags & SerfQuery.FlagAck) != 0)
        {
            var ack = new SerfQueryResponse(query.LTime, query.Id, _options.NodeName, SerfQuery.FlagAck, null);
            var ct = _stop.Token;
            _ = Task.Run(
                async () =>
                {
                    await _memberlist.SendToAsync(replyTo, Encode(SerfMessageType.QueryResponse, ack.Encode), ct);
                    await RelayResponseAsync(query.RelayFactor, replyTo, query.SourceNode, ack, ct);
                },
                ct);
        }

        var deadline = _time.GetUtcNow() + TimeSpan.FromTicks(query.TimeoutNanos / 100);
        var e = new QueryEvent(this, query.LTime, query.Id, query.Name, query.Payload, query.SourceNode, replyTo, deadline) { RelayFactor = query.RelayFactor };
        if (query.Name.StartsWith(InternalQueryPrefix, StringComparison.Ordinal))
        {
            _ = Task.Run(() => HandleInternalQueryAsync(e, _stop.Token));
        }
        else
        {
            Emit(e);
        }

        return rebroadcast;
    }

    private bool ShouldProcessQuery(IReadOnlyList<byte[]>? filters)
    {
        foreach (var filter in filters ?? [])
        {
            if (filter.Length == 0)
            {
                return false;
            }

            var r = new MsgReader(filter.AsSpan(1));
            switch (filter[0])
            {
                case 0:
                    {
                        var n = r.ReadArrayHeader();
                        var found = false;
                        for (var i = 0; i < n; i++)
                        {
                            found |= r.ReadString() == _options.NodeName;
                        }

                        if (!found)
                        {
                            return false;
                        }

                        break;
                    }

                case 1:
                    {
                        string tag = string.Empty, expr = string.Empty;
                        var n = r.ReadMapHeader();
                        for (var i = 0; i < n; i++)
                        {
                            switch (r.ReadString())
                            {
                                case "Tag": tag = r.ReadString(); break;
                                case "Expr": expr = r.ReadString(); break;
                                default: r.Skip(); break;
                            }
                        }

                        _tags.TryGetValue(tag, out var value);
                        try
                        {
                            if (!Regex.IsMatch(value ?? string.Empty, expr, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
                            {
                                return false;
                            }
                        }
                        catch (ArgumentException)
                        {
                            return false;
                        }

                        break;
                    }

                default:
                    return false;
            }
        }

        return true;
    }

    private void HandleQueryResponse(SerfQueryResponse response)
    {
        QueryCollector? collector;
        lock (_eventLock)
        {
            _queryResponses.TryGetValue(response.LTime, out collector);
        }

        if (collector is null || collector.Id != response.Id)
        {
            Log.StrayQueryResponse(_logger, response.LTime, response.Id, response.From);
            return;
        }

        if (collector.Finished)
        {
            return;
        }

        if (response.IsAck)
        {
            collector.Acks.TryAdd(response.From, true);
        }
        else
        {
            collector.Responses.TryAdd(response.From, response.Payload ?? []);
        }
    }

    private void HandleRelay(ReadOnlySpan<byte> body)
    {
        var r = new MsgReader(body);
        byte[]? ip = null;
        var port = 0;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "DestAddr":
                    {
                        var m = r.ReadMapHeader();
                        for (var j = 0; j < m; j++)
                        {
                            switch (r.ReadString())
                            {
                                case "IP": ip = r.ReadBytesOrNull(); break;
                                case "Port": port = (int)r.ReadInt64(); break;
                                default: r.Skip(); break;
                            }
                        }

                        break;
                    }

                default: r.Skip(); break;
            }
        }

        if (ip is not { Length: 4 or 16 } || port is <= 0 or > 65535)
        {
            throw new GossipFormatException("relay: bad destination");
        }

        var address = new IPAddress(ip);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var destination = new IPEndPoint(address, port);
        _ = _memberlist.SendToAsync(destination, r.Remaining.ToArray(), _stop.Token);
    }
}
