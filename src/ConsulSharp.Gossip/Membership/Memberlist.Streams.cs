using System.Buffers.Binary;
using System.Net;
using ConsulSharp.Gossip.Transport;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Membership;

/// <summary>TCP path: push/pull state exchange (join and anti-entropy), TCP ping responder, reliable user messages.</summary>
internal sealed partial class Memberlist
{
    private const string ErrNoKeys = "No installed keys could decrypt the message";
    private const string ErrNotEncrypted = "Encryption is configured but remote state is not encrypted";
    private const string ErrEncryptedNoKeys = "Remote state is encrypted and encryption is not configured";

    private async Task StreamLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var incoming in _transport.Streams.ReadAllAsync(cancellationToken))
            {
                _ = Task.Run(() => HandleStreamAsync(incoming, cancellationToken), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleStreamAsync(IncomingStream incoming, CancellationToken cancellationToken)
    {
        await using var stream = incoming.Stream;
        using var timeout = new CancellationTokenSource(_options.TcpTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var ct = linked.Token;
        try
        {
            MessageType type;
            FrameReader reader;
            try
            {
                (type, reader) = await ReadStreamAsync(stream, ct);
            }
            catch (StreamRejectedException ex)
            {
                Log.StreamRejected(_logger, incoming.From, ex.Message);
                await WriteStreamAsync(stream, Framing.Encode(MessageType.Error, new ErrorResponse(ex.Message).Encode), ct, forcePlain: ex.ReplyPlain);
                return;
            }

            switch (type)
            {
                case MessageType.PushPull:
                    if (Interlocked.Increment(ref _pushPullInProgress) > MaxPushPullInProgress)
                    {
                        Interlocked.Decrement(ref _pushPullInProgress);
                        Log.StreamRejected(_logger, incoming.From, "too many pending push/pull requests");
                        return;
                    }

                    try
                    {
                        var remote = await ReadRemoteStateAsync(reader, ct);
                        await WriteStreamAsync(stream, LocalState(remote.Join), ct);
                        MergeRemoteState(remote);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _pushPullInProgress);
                    }

                    break;
                case MessageType.Ping:
                    {
                        var body = await reader.ReadObjectAsync(ct);
                        var r = new MsgReader(body);
                        var ping = Ping.Decode(ref r);
                        if (ping.Node.Length > 0 && ping.Node != _config.Name)
                        {
                            Log.PingForOtherNode(_logger, ping.Node, incoming.From);
                            return;
                        }

                        await WriteStreamAsync(stream, Framing.Encode(MessageType.Ack, new AckResponse(ping.SeqNo, null).Encode), ct);
                        break;
                    }

                case MessageType.User:
                    {
                        var header = await reader.ReadObjectAsync(ct);
                        var length = ReadUserMsgLen(header);
                        var payload = await reader.ReadExactAsync(length, ct);
                        _delegate?.NotifyMessage(payload);
                        break;
                    }

                default:
                    Log.UnknownMessage(_logger, (byte)type, incoming.From);
                    break;
            }
        }
        catch (Exception ex) when (ex is GossipFormatException or IOException or EndOfStreamException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Log.StreamFailed(_logger, incoming.From, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.StreamFailed(_logger, incoming.From, "timeout");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int ReadUserMsgLen(byte[] header)
    {
        var r = new MsgReader(header);
        long length = 0;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            if (r.ReadString() == "UserMsgLen")
            {
                length = r.ReadInt64();
            }
            else
            {
                r.Skip();
            }
        }

        if (length is < 0 or > MaxStreamSize)
        {
            throw new GossipFormatException("user message length out of range");
        }

        return (int)length;
    }

    /// <summary>Reads the envelope layers (label, encryption, compression) and returns the message type and a reader for its body.</summary>
    private async Task<(MessageType Type, FrameReader Reader)> ReadStreamAsync(Stream stream, CancellationToken cancellationToken)
    {
        var reader = new FrameReader(stream, MaxStreamSize);
        var first = await reader.PeekByteAsync(cancellationToken);
        if (first == (byte)MessageType.HasLabel)
        {
            await reader.ReadByteAsync(cancellationToken);
            var length = await reader.ReadByteAsync(cancellationToken);
            var label = System.Text.Encoding.UTF8.GetString(await reader.ReadExactAsync(length, cancellationToken));
            if (label != _options.Label)
            {
                throw new StreamRejectedException("unexpected label", replyPlain: true);
            }

            first = await reader.PeekByteAsync(cancellationToken);
        }
        else if (_options.Label.Length > 0)
        {
            throw new StreamRejectedException("stream has no label", replyPlain: true);
        }

        if (first == (byte)MessageType.Encrypt)
        {
            if (_config.Keyring is null)
            {
                throw new StreamRejectedException(ErrEncryptedNoKeys, replyPlain: true);
            }

            var header = new byte[5];
            header[0] = await reader.ReadByteAsync(cancellationToken);
            (await reader.ReadExactAsync(4, cancellationToken)).CopyTo(header, 1);
            var size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
            if (size > MaxStreamSize)
            {
                throw new GossipFormatException("encrypted stream too large");
            }

            var cipher = await reader.ReadExactAsync((int)size, cancellationToken);
            var plain = Encryption.Decrypt(_config.Keyring.Snapshot(), cipher, [.. header, .. _labelBytes])
                ?? throw new StreamRejectedException(ErrNoKeys, replyPlain: false);
            reader = new FrameReader(new MemoryStream(plain, writable: false), MaxStreamSize);
        }
        else if (_config.Keyring is not null && _options.GossipVerifyIncoming)
        {
            throw new StreamRejectedException(ErrNotEncrypted, replyPlain: false);
        }

        var type = (MessageType)await reader.ReadByteAsync(cancellationToken);
        if (type == MessageType.Compress)
        {
            var body = await reader.ReadObjectAsync(cancellationToken);
            var plain = Framing.Decompress(body);
            reader = new FrameReader(new MemoryStream(plain, writable: false), MaxStreamSize);
            type = (MessageType)await reader.ReadByteAsync(cancellationToken);
        }

        if (type == MessageType.Error)
        {
            var body = await reader.ReadObjectAsync(cancellationToken);
            var r = new MsgReader(body);
            throw new InvalidOperationException(ErrorResponse.Decode(ref r).Error);
        }

        return (type, reader);
    }

    /// <summary>Writes one message: compressed (always, on streams), encrypted, labelled.</summary>
    private async Task WriteStreamAsync(Stream stream, byte[] message, CancellationToken cancellationToken, bool forcePlain = false)
    {
        if (_options.EnableCompression)
        {
            message = Framing.Compress(message);
        }

        if (EncryptionEnabled && !forcePlain)
        {
            var size = 1 + Encryption.NonceSize + message.Length + Encryption.TagSize;
            var header = new byte[5];
            header[0] = (byte)MessageType.Encrypt;
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)size);
            var sealedBytes = Encryption.Encrypt(Encryption.Version, _config.Keyring!.PrimaryKey, message, [.. header, .. _labelBytes]);
            message = [.. header, .. sealedBytes];
        }

        message = Framing.AddLabel(message, _options.Label);
        await stream.WriteAsync(message, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private byte[] LocalState(bool join)
    {
        List<PushNodeState> nodes;
        lock (_gate)
        {
            nodes = [.. _nodes.Select(n => new PushNodeState(n.Name, AddressBytes(n.Address), n.Port, n.Meta, n.Incarnation, (int)n.State, n.Vsn))];
        }

        var userState = _delegate?.LocalState(join) ?? [];
        var w = new MsgWriter(256 + (nodes.Count * 128) + userState.Length);
        w.WriteByte((byte)MessageType.PushPull);
        new PushPullHeader(nodes.Count, userState.Length, join).Encode(w);
        foreach (var node in nodes)
        {
            node.Encode(w);
        }

        w.WriteBytes(userState);
        return w.ToArray();
    }

    private static async Task<RemoteState> ReadRemoteStateAsync(FrameReader reader, CancellationToken cancellationToken)
    {
        var headerBytes = await reader.ReadObjectAsync(cancellationToken);
        var r = new MsgReader(headerBytes);
        var header = PushPullHeader.Decode(ref r);
        var nodes = new List<PushNodeState>(Math.Min(header.Nodes, 4096));
        for (var i = 0; i < header.Nodes; i++)
        {
            var bytes = await reader.ReadObjectAsync(cancellationToken);
            var nr = new MsgReader(bytes);
            nodes.Add(PushNodeState.Decode(ref nr));
        }

        var userState = await reader.ReadExactAsync(header.UserStateLen, cancellationToken);
        return new RemoteState(header.Join, nodes, userState);
    }

    private void MergeRemoteState(RemoteState remote)
    {
        VerifyProtocol(remote.Nodes);
        if (_delegate is not null)
        {
            var peers = remote.Nodes.Select(n => new MemberlistNode(n.Name, n.Addr.Length is 4 or 16 ? new IPAddress(n.Addr) : IPAddress.None, n.Port, n.Meta, n.Vsn, (NodeStateKind)n.State, n.Incarnation)).ToList();
            var error = _delegate.NotifyMerge(peers);
            if (error is not null)
            {
                throw new InvalidOperationException(error);
            }
        }

        MergeState(remote.Nodes);
        if (remote.UserState.Length > 0 && _delegate is not null)
        {
            _delegate.MergeRemoteState(remote.UserState, remote.Join, OutdatedDepartures(remote.Nodes));
        }
    }

    /// <summary>Nodes the remote lists dead or left at an older incarnation than the alive state we hold (after merging).</summary>
    private HashSet<string> OutdatedDepartures(IReadOnlyList<PushNodeState> remote)
    {
        var outdated = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var r in remote)
            {
                if ((NodeStateKind)r.State is NodeStateKind.Dead or NodeStateKind.Left
                    && _nodeMap.TryGetValue(r.Name, out var local) && local.State is NodeStateKind.Alive or NodeStateKind.Suspect
                    && local.Incarnation > r.Incarnation)
                {
                    outdated.Add(r.Name);
                }
            }
        }

        return outdated;
    }

    private void VerifyProtocol(IReadOnlyList<PushNodeState> remote)
    {
        var all = new List<byte[]>();
        lock (_gate)
        {
            all.AddRange(_nodes.Where(n => n.State == NodeStateKind.Alive).Select(n => n.Vsn));
        }

        all.AddRange(remote.Where(n => n.State == (int)NodeStateKind.Alive).Select(n => n.Vsn.Length >= 6 ? n.Vsn : new byte[6]));
        if (all.Count == 0)
        {
            return;
        }

        var maxPMin = all.Max(v => v[0]);
        var minPMax = all.Min(v => v[1]);
        var maxDMin = all.Max(v => v[3]);
        var minDMax = all.Min(v => v[4]);
        foreach (var v in all)
        {
            if (v[2] < maxPMin || v[2] > minPMax)
            {
                throw new InvalidOperationException($"Node protocol version {v[2]} is incompatible ({maxPMin}-{minPMax})");
            }

            if (v[5] < maxDMin || v[5] > minDMax)
            {
                throw new InvalidOperationException($"Node delegate protocol version {v[5]} is incompatible ({maxDMin}-{minDMax})");
            }
        }
    }

    /// <summary>Exchanges full state with one node over TCP; used for join (<paramref name="join"/> true) and anti-entropy.</summary>
    internal async Task PushPullNodeAsync(IPEndPoint endpoint, bool join, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.TcpTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var ct = linked.Token;
        await using var stream = await _transport.DialAsync(endpoint, _options.TcpTimeout, ct);
        await WriteStreamAsync(stream, LocalState(join), ct);
        var (type, reader) = await ReadStreamAsync(stream, ct);
        if (type != MessageType.PushPull)
        {
            throw new GossipFormatException($"expected push/pull reply, got message type {(byte)type}");
        }

        var remote = await ReadRemoteStateAsync(reader, ct);
        MergeRemoteState(remote);
    }

    private async Task PushPullLoopAsync(CancellationToken cancellationToken)
    {
        if (_options.PushPullInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(RandomStagger(_options.PushPullInterval), _time, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                MemberlistNode? peer;
                int n;
                lock (_gate)
                {
                    n = _nodes.Count;
                    var candidates = _nodes.Where(x => x.Name != _config.Name && x.State == NodeStateKind.Alive).ToList();
                    peer = candidates.Count == 0 ? null : candidates[Random.Shared.Next(candidates.Count)].Snapshot();
                }

                if (peer is not null)
                {
                    try
                    {
                        await PushPullNodeAsync(peer.EndPoint, join: false, cancellationToken);
                    }
                    catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or GossipFormatException or InvalidOperationException or EndOfStreamException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                    {
                        Log.PushPullFailed(_logger, peer.Name, ex.Message);
                    }
                }

                await Task.Delay(PushPullScale(_options.PushPullInterval, n), _time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal static TimeSpan PushPullScale(TimeSpan interval, int n)
    {
        if (n <= 32)
        {
            return interval;
        }

        var multiplier = Math.Ceiling(Math.Log2(n) - Math.Log2(32)) + 1.0;
        return interval * multiplier;
    }

    private sealed record RemoteState(bool Join, List<PushNodeState> Nodes, byte[] UserState);

    private sealed class StreamRejectedException(string message, bool replyPlain) : InvalidOperationException(message)
    {
        public bool ReplyPlain { get; } = replyPlain;
    }
}
