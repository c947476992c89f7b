using System.Net;
using ConsulSharp.Gossip.Transport;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Membership;

/// <summary>UDP path: receive pipeline (label, decrypt, CRC, compound, compress) and send pipeline with piggybacking.</summary>
internal sealed partial class Memberlist
{
    private async Task PacketLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var packet in _transport.Packets.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await IngestPacketAsync(packet, cancellationToken);
                }
                catch (GossipFormatException ex)
                {
                    Log.DroppedPacket(_logger, packet.From, ex.Message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PacketHandlerFailed(_logger, packet.From, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task IngestPacketAsync(IncomingPacket packet, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> buffer = Framing.StripLabel(packet.Buffer, out var label);
        if (label != _options.Label)
        {
            Log.DroppedPacket(_logger, packet.From, "unexpected label");
            return;
        }

        if (_config.Keyring is { } keyring)
        {
            var plain = Encryption.Decrypt(keyring.Snapshot(), buffer.Span, _labelBytes);
            if (plain is not null)
            {
                buffer = plain;
            }
            else if (_options.GossipVerifyIncoming)
            {
                Log.DroppedPacket(_logger, packet.From, "no installed keys could decrypt the message");
                return;
            }
        }

        if (buffer.Length == 0)
        {
            throw new GossipFormatException("empty packet");
        }

        if (buffer.Span[0] == (byte)MessageType.HasCrc && buffer.Length >= 5)
        {
            buffer = Framing.CheckCrc(buffer[1..]);
        }

        await HandleCommandAsync(buffer, packet.From, packet.Timestamp, 0, cancellationToken);
    }

    private async Task HandleCommandAsync(ReadOnlyMemory<byte> buffer, IPEndPoint from, long timestamp, int depth, CancellationToken cancellationToken)
    {
        if (buffer.Length == 0)
        {
            throw new GossipFormatException("empty message");
        }

        if (depth > 4)
        {
            throw new GossipFormatException("message nesting too deep");
        }

        var type = (MessageType)buffer.Span[0];
        var body = buffer[1..];
        switch (type)
        {
            case MessageType.Compound:
                {
                    var parts = Framing.SplitCompound(body, out var truncated);
                    if (truncated > 0)
                    {
                        Log.TruncatedCompound(_logger, from, truncated);
                    }

                    foreach (var part in parts)
                    {
                        try
                        {
                            await HandleCommandAsync(part, from, timestamp, depth + 1, cancellationToken);
                        }
                        catch (GossipFormatException ex)
                        {
                            Log.DroppedPacket(_logger, from, ex.Message);
                        }
                    }

                    break;
                }

            case MessageType.Compress:
                await HandleCommandAsync(Framing.Decompress(body.Span, 1 << 20), from, timestamp, depth + 1, cancellationToken);
                break;
            case MessageType.Ping:
                await HandlePingAsync(Decode(body, Ping.Decode), from, cancellationToken);
                break;
            case MessageType.IndirectPing:
                await HandleIndirectPingAsync(Decode(body, IndirectPingRequest.Decode), from, cancellationToken);
                break;
            case MessageType.Ack:
                {
                    var ack = Decode(body, AckResponse.Decode);
                    if (_ackHandlers.TryRemove(ack.SeqNo, out var handler))
                    {
                        handler.Timer?.Dispose();
                        handler.OnAck(ack.Payload, timestamp);
                    }

                    break;
                }

            case MessageType.Nack:
                {
                    var nack = Decode(body, NackResponse.Decode);
                    if (_ackHandlers.TryGetValue(nack.SeqNo, out var handler))
                    {
                        handler.OnNack?.Invoke();
                    }

                    break;
                }

            case MessageType.Alive:
                AliveNode(Decode(body, Alive.Decode), null, bootstrap: false);
                break;
            case MessageType.Suspect:
                SuspectNode(Decode(body, Suspect.Decode));
                break;
            case MessageType.Dead:
                DeadNode(Decode(body, Suspect.Decode));
                break;
            case MessageType.User:
                _delegate?.NotifyMessage(body.Span);
                break;
            default:
                Log.UnknownMessage(_logger, (byte)type, from);
                break;
        }
    }

    private static T Decode<T>(ReadOnlyMemory<byte> body, DecodeFunc<T> decode)
    {
        var reader = new MsgReader(body.Span);
        return decode(ref reader);
    }

    private async Task HandlePingAsync(Ping ping, IPEndPoint from, CancellationToken cancellationToken)
    {
        if (ping.Node.Length > 0 && ping.Node != _config.Name)
        {
            Log.PingForOtherNode(_logger, ping.Node, from);
            return;
        }

        var ack = Framing.Encode(MessageType.Ack, new AckResponse(ping.SeqNo, _delegate?.AckPayload()).Encode);
        var destination = ping.SourceAddr is { Length: 4 or 16 } && ping.SourcePort > 0 ? new IPEndPoint(new IPAddress(ping.SourceAddr), ping.SourcePort) : from;
        await SendMessageAsync(destination, ack, cancellationToken);
    }

    private async Task HandleIndirectPingAsync(IndirectPingRequest request, IPEndPoint from, CancellationToken cancellationToken)
    {
        if (request.Target.Length is not (4 or 16))
        {
            throw new GossipFormatException("indirect ping: bad target address");
        }

        var requester = request.SourceAddr is { Length: 4 or 16 } && request.SourcePort > 0 ? new IPEndPoint(new IPAddress(request.SourceAddr), request.SourcePort) : from;
        var target = new IPEndPoint(new IPAddress(request.Target), request.Port == 0 ? AdvertiseEndPoint.Port : request.Port);
        var seq = NextSequence();
        var acked = 0;
        var ct = _stop.Token;
        SetAckHandler(
            seq,
            (_, _) =>
            {
                Interlocked.Exchange(ref acked, 1);
                var ack = Framing.Encode(MessageType.Ack, new AckResponse(request.SeqNo, null).Encode);
                _ = SendMessageAsync(requester, ack, ct);
            },
            null,
            _options.ProbeTimeout);
        var self = AdvertiseEndPoint;
        var ping = new Ping(seq, request.Node, AddressBytes(self.Address), (ushort)self.Port, _config.Name);
        await SendMessageAsync(target, Framing.Encode(MessageType.Ping, ping.Encode), cancellationToken);
        if (request.Nack)
        {
            _ = Task.Run(
                async () =>
                {
                    await Task.Delay(_options.ProbeTimeout, _time, ct);
                    if (Volatile.Read(ref acked) == 0)
                    {
                        var nack = Framing.Encode(MessageType.Nack, new NackResponse(request.SeqNo).Encode);
                        await SendMessageAsync(requester, nack, ct);
                    }
                },
                ct);
        }
    }

    private void SetAckHandler(uint seq, Action<byte[]?, long> onAck, Action? onNack, TimeSpan timeout)
    {
        var handler = new AckHandler(onAck, onNack);
        _ackHandlers[seq] = handler;
        handler.Timer = _time.CreateTimer(_ => _ackHandlers.TryRemove(seq, out AckHandler? _), null, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends a message with as many queued broadcasts piggybacked as fit.</summary>
    private Task SendMessageAsync(IPEndPoint destination, byte[] message, CancellationToken cancellationToken)
    {
        var available = _options.UdpBufferSize - message.Length - Framing.CompoundHeaderOverhead - LabelOverhead;
        if (EncryptionEnabled)
        {
            available -= Encryption.Overhead(Encryption.Version);
        }

        var extra = GetBroadcasts(Framing.CompoundOverhead, available);
        if (extra.Count == 0)
        {
            return RawSendAsync(destination, null, message, cancellationToken);
        }

        extra.Insert(0, message);
        return RawSendAsync(destination, null, Framing.MakeCompound(extra), cancellationToken);
    }

    private int LabelOverhead => _labelBytes.Length == 0 ? 0 : 2 + _labelBytes.Length;

    /// <summary>Compress (if it shrinks), CRC (when the target speaks protocol ≥ 5), encrypt, label, send.</summary>
    private async Task RawSendAsync(IPEndPoint destination, byte? targetProtocolMax, byte[] message, CancellationToken cancellationToken)
    {
        if (_options.EnableCompression)
        {
            var compressed = Framing.Compress(message);
            if (compressed.Length < message.Length)
            {
                message = compressed;
            }
        }

        if (targetProtocolMax is null)
        {
            lock (_gate)
            {
                var node = _nodes.Find(n => n.Port == destination.Port && n.Address.Equals(destination.Address));
                targetProtocolMax = node?.ProtocolMax;
            }
        }

        if (targetProtocolMax >= 5)
        {
            message = Framing.AddCrc(message);
        }

        if (EncryptionEnabled)
        {
            message = Encryption.Encrypt(Encryption.Version, _config.Keyring!.PrimaryKey, message, _labelBytes);
        }

        message = Framing.AddLabel(message, _options.Label);
        await _transport.SendPacketAsync(destination, message, cancellationToken);
    }

    private List<byte[]> GetBroadcasts(int overhead, int limit)
    {
        var messages = _broadcasts.GetBroadcasts(overhead, limit);
        if (_delegate is not null)
        {
            var used = messages.Sum(m => m.Length + overhead);
            var available = limit - used;
            if (available > overhead)
            {
                foreach (var user in _delegate.GetBroadcasts(overhead + 1, available))
                {
                    var message = new byte[user.Length + 1];
                    message[0] = (byte)MessageType.User;
                    user.CopyTo(message, 1);
                    messages.Add(message);
                }
            }
        }

        return messages;
    }

    private delegate T DecodeFunc<out T>(ref MsgReader reader);
}
