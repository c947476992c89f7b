using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Membership;

/// <summary>Failure detection: round-robin probes, indirect probes with nacks, TCP fallback, Lifeguard awareness.</summary>
internal sealed partial class Memberlist
{
    /// <summary>
    /// memberlist's probe ticker: a fixed-rate tick every ProbeInterval (after a random stagger). A probe that runs
    /// longer than the interval (failed probes wait the awareness-scaled interval) is followed at once by the one tick
    /// that was kept; further missed ticks are dropped, like Go's time.Ticker.
    /// </summary>
    private async Task ProbeLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var ticker = new PeriodicTimer(_options.ProbeInterval, _time);
            await Task.Delay(RandomStagger(_options.ProbeInterval), _time, cancellationToken);
            while (await ticker.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await ProbeAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ProbeFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static TimeSpan RandomStagger(TimeSpan interval) => TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * interval.Ticks));

    /// <summary>Picks the next node in the shuffled list (skipping ourselves and dead nodes) and probes it.</summary>
    internal async Task ProbeAsync(CancellationToken cancellationToken)
    {
        MemberlistNode? target = null;
        lock (_gate)
        {
            var checks = 0;
            while (checks < _nodes.Count + 1)
            {
                if (_probeIndex >= _nodes.Count)
                {
                    ResetNodes();
                    _probeIndex = 0;
                    checks++;
                    continue;
                }

                var node = _nodes[_probeIndex++];
                if (node.Name == _config.Name || node.DeadOrLeft)
                {
                    checks++;
                    continue;
                }

                target = node.Snapshot();
                break;
            }
        }

        if (target is not null)
        {
            await ProbeNodeAsync(target, cancellationToken);
        }
    }

    /// <summary>Drops nodes dead/left for longer than GossipToTheDeadTime and reshuffles. Caller holds the lock.</summary>
    private void ResetNodes()
    {
        for (var i = _nodes.Count - 1; i >= 0; i--)
        {
            var node = _nodes[i];
            if (node.DeadOrLeft && _time.GetElapsedTime(node.StateChange) > _options.GossipToTheDeadTime)
            {
                _nodes.RemoveAt(i);
                _nodeMap.Remove(node.Name);
            }
        }

        for (var i = _nodes.Count - 1; i > 0; i--)
        {
            var j = Random.Shared.Next(i + 1);
            (_nodes[i], _nodes[j]) = (_nodes[j], _nodes[i]);
        }
    }

    internal async Task ProbeNodeAsync(MemberlistNode node, CancellationToken cancellationToken)
    {
        var probeInterval = _awareness.Scale(_options.ProbeInterval);
        Log.Probing(_logger, node.Name, probeInterval.TotalMilliseconds);
        var seq = NextSequence();
        var acked = new TaskCompletionSource<(byte[]? Payload, long Timestamp)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var nacks = 0;
        SetAckHandler(seq, (payload, timestamp) => acked.TrySetResult((payload, timestamp)), () => Interlocked.Increment(ref nacks), probeInterval);

        var self = AdvertiseEndPoint;
        var ping = new Ping(seq, node.Name, AddressBytes(self.Address), (ushort)self.Port, _config.Name);
        var pingBytes = Framing.Encode(MessageType.Ping, ping.Encode);
        var sent = _time.GetTimestamp();
        if (node.State == NodeStateKind.Alive)
        {
            await SendMessageAsync(node.EndPoint, pingBytes, cancellationToken);
        }
        else
        {
            var suspect = Framing.Encode(MessageType.Suspect, new Suspect(node.Incarnation, node.Name, _config.Name).Encode);
            await RawSendAsync(node.EndPoint, node.ProtocolMax, Framing.MakeCompound([pingBytes, suspect]), cancellationToken);
        }

        if (await WaitAsync(acked.Task, _options.ProbeTimeout, cancellationToken))
        {
            _awareness.ApplyDelta(-1);
            var (payload, timestamp) = await acked.Task;
            var rtt = TimeSpan.FromTicks((long)((timestamp - sent) * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency)));
            _delegate?.NotifyPingComplete(node, rtt < TimeSpan.Zero ? TimeSpan.Zero : rtt, payload);
            return;
        }

        // Direct probe failed: ask peers to probe for us, and try TCP at the same time.
        List<MemberlistNode> peers;
        lock (_gate)
        {
            peers = [.. _nodes.Where(n => n.Name != _config.Name && n.Name != node.Name && n.State == NodeStateKind.Alive)
                .OrderBy(_ => Random.Shared.Next()).Take(_options.IndirectChecks).Select(n => n.Snapshot())];
        }

        var expectedNacks = 0;
        foreach (var peer in peers)
        {
            var wantNack = peer.ProtocolMax >= 4;
            if (wantNack)
            {
                expectedNacks++;
            }

            var request = new IndirectPingRequest(seq, AddressBytes(node.Address), node.Port, node.Name, wantNack, AddressBytes(self.Address), (ushort)self.Port, _config.Name);
            await SendMessageAsync(peer.EndPoint, Framing.Encode(MessageType.IndirectPing, request.Encode), cancellationToken);
        }

        Task<bool>? tcp = null;
        var deadline = probeInterval - _time.GetElapsedTime(sent);
        if (!_options.DisableTcpPings && node.ProtocolMax >= 3)
        {
            tcp = TcpPingAsync(node, ping, deadline, cancellationToken);
        }

        if (await WaitAsync(acked.Task, probeInterval - _time.GetElapsedTime(sent), cancellationToken))
        {
            return;
        }

        if (tcp is not null && await tcp)
        {
            Log.TcpPingOnly(_logger, node.Name);
            return;
        }

        _awareness.ApplyDelta(expectedNacks > 0 ? Math.Max(0, expectedNacks - Volatile.Read(ref nacks)) : 1);
        Log.ProbeMissed(_logger, node.Name);
        SuspectNode(new Suspect(node.Incarnation, node.Name, _config.Name));
    }

    private async Task<bool> WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (task.IsCompleted)
        {
            return true;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, _time, cts.Token);
        var first = await Task.WhenAny(task, delay);
        await cts.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == task;
    }

    private async Task<bool> TcpPingAsync(MemberlistNode node, Ping ping, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        try
        {
            using var cts = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, cancellationToken);
            await using var stream = await _transport.DialAsync(node.EndPoint, timeout, linked.Token);
            await WriteStreamAsync(stream, Framing.Encode(MessageType.Ping, ping.Encode), linked.Token);
            var (type, reader) = await ReadStreamAsync(stream, linked.Token);
            if (type != MessageType.Ack)
            {
                return false;
            }

            var body = await reader.ReadObjectAsync(linked.Token);
            var r = new MsgReader(body);
            return AckResponse.Decode(ref r).SeqNo == ping.SeqNo;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException or GossipFormatException or InvalidOperationException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    /// <summary>memberlist's gossip ticker: fixed rate (every GossipInterval from the first tick, not interval + round time).</summary>
    private async Task GossipLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var ticker = new PeriodicTimer(_options.GossipInterval, _time);
            await Task.Delay(RandomStagger(_options.GossipInterval), _time, cancellationToken);
            while (await ticker.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await GossipAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.GossipFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal async Task GossipAsync(CancellationToken cancellationToken)
    {
        List<MemberlistNode> targets;
        lock (_gate)
        {
            targets = [.. _nodes.Where(n => n.Name != _config.Name && (n.State is NodeStateKind.Alive or NodeStateKind.Suspect
                    || (n.State == NodeStateKind.Dead && _time.GetElapsedTime(n.StateChange) <= _options.GossipToTheDeadTime)))
                .OrderBy(_ => Random.Shared.Next()).Take(_options.GossipNodes).Select(n => n.Snapshot())];
        }

        var available = _options.UdpBufferSize - Framing.CompoundHeaderOverhead - LabelOverhead;
        if (EncryptionEnabled)
        {
            available -= Encryption.Overhead(Encryption.Version);
        }

        foreach (var node in targets)
        {
            var messages = GetBroadcasts(Framing.CompoundOverhead, available);
            if (messages.Count == 0)
            {
                return;
            }

            var packet = messages.Count == 1 ? messages[0] : Framing.MakeCompound(messages);
            await RawSendAsync(node.EndPoint, node.ProtocolMax, packet, cancellationToken);
        }
    }
}
