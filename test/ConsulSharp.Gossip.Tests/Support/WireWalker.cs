using System.Buffers.Binary;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Tests.Support;

/// <summary>
/// Decodes a captured packet or stream completely with the library's codec (every layer, every message type, serf
/// messages inside user messages) and returns a flat description list. Throws on anything it cannot decode.
/// </summary>
internal static class WireWalker
{
    public static List<string> Packet(byte[] payload, IReadOnlyList<byte[]>? keys = null)
    {
        var output = new List<string>();
        ReadOnlyMemory<byte> buf = Framing.StripLabel(payload, out _);
        if (keys is not null)
        {
            buf = Encryption.Decrypt(keys, buf.Span, []) ?? throw new GossipFormatException("no key decrypts this payload");
            output.Add("encrypted");
        }

        Message(buf, output);
        return output;
    }

    public static List<string> Stream(byte[] data, IReadOnlyList<byte[]>? keys = null)
    {
        var output = new List<string>();
        ReadOnlyMemory<byte> buf = Framing.StripLabel(data, out _);
        if (buf.Span[0] == (byte)MessageType.Encrypt)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(buf.Span[1..]);
            buf = Encryption.Decrypt(keys ?? [], buf.Span.Slice(5, length), buf.Span[..5]) ?? throw new GossipFormatException("no key decrypts this stream");
            output.Add("encrypted");
        }

        if (buf.Span[0] == (byte)MessageType.Compress)
        {
            var r0 = new MsgReader(buf.Span[1..]);
            r0.Skip();
            buf = Framing.Decompress(buf.Span[1..]);
            output.Add("compress");
        }

        var type = (MessageType)buf.Span[0];
        var r = new MsgReader(buf.Span[1..]);
        switch (type)
        {
            case MessageType.PushPull:
                {
                    var header = PushPullHeader.Decode(ref r);
                    output.Add($"pushPull join={header.Join} nodes={header.Nodes}");
                    for (var i = 0; i < header.Nodes; i++)
                    {
                        var node = PushNodeState.Decode(ref r);
                        Assert.Equal(6, node.Vsn.Length);
                        output.Add($"node {node.Name} state={node.State} tags={string.Join(',', Tags.Decode(node.Meta).Select(t => t.Key + "=" + t.Value))}");
                    }

                    var user = r.Remaining[..header.UserStateLen];
                    Assert.Equal(header.UserStateLen, user.Length);
                    Serf(user, output);
                    break;
                }

            case MessageType.Error:
                output.Add("err " + ErrorResponse.Decode(ref r).Error);
                break;
            default:
                Message(buf, output);
                break;
        }

        return output;
    }

    private static void Message(ReadOnlyMemory<byte> buf, List<string> output)
    {
        var type = (MessageType)buf.Span[0];
        var body = buf[1..];
        var r = new MsgReader(body.Span);
        switch (type)
        {
            case MessageType.HasCrc:
                output.Add("crc");
                Message(Framing.CheckCrc(body), output);
                return;
            case MessageType.Compound:
                {
                    var parts = Framing.SplitCompound(body, out var truncated);
                    Assert.Equal(0, truncated);
                    output.Add($"compound {parts.Count}");
                    foreach (var part in parts)
                    {
                        Message(part, output);
                    }

                    return;
                }

            case MessageType.Compress:
                output.Add("compress");
                Message(Framing.Decompress(body.Span), output);
                return;
            case MessageType.Ping:
                output.Add("ping " + Ping.Decode(ref r).Node);
                break;
            case MessageType.IndirectPing:
                output.Add("indirectPing " + IndirectPingRequest.Decode(ref r).Node);
                break;
            case MessageType.Ack:
                output.Add("ack " + AckResponse.Decode(ref r).SeqNo);
                break;
            case MessageType.Nack:
                output.Add("nack " + NackResponse.Decode(ref r).SeqNo);
                break;
            case MessageType.Alive:
                {
                    var a = Alive.Decode(ref r);
                    Assert.Equal(6, a.Vsn.Length);
                    Tags.Decode(a.Meta);
                    output.Add("alive " + a.Node);
                    break;
                }

            case MessageType.Suspect:
                output.Add("suspect " + Suspect.Decode(ref r).Node);
                break;
            case MessageType.Dead:
                output.Add("dead " + Suspect.Decode(ref r).Node);
                break;
            case MessageType.User:
                Serf(body.Span, output);
                return;
            default:
                throw new GossipFormatException($"unexpected type {(byte)type}");
        }

        Assert.True(r.End, $"trailing bytes after {type}");
    }

    private static void Serf(ReadOnlySpan<byte> buf, List<string> output)
    {
        var type = (SerfMessageType)buf[0];
        var r = new MsgReader(buf[1..]);
        switch (type)
        {
            case SerfMessageType.Join:
                output.Add("serf join " + SerfJoin.Decode(ref r).Node);
                break;
            case SerfMessageType.Leave:
                output.Add("serf leave " + SerfLeave.Decode(ref r).Node);
                break;
            case SerfMessageType.PushPull:
                {
                    var pp = SerfPushPull.Decode(ref r);
                    output.Add($"serf pushPull status={pp.StatusLTimes.Count} events={pp.Events.Count}");
                    break;
                }

            case SerfMessageType.UserEvent:
                {
                    var e = SerfUserEvent.Decode(ref r);
                    output.Add($"serf event {e.Name} {System.Text.Encoding.UTF8.GetString(e.Payload)} cc={e.CC}");
                    break;
                }

            case SerfMessageType.Query:
                output.Add("serf query " + SerfQuery.Decode(ref r).Name);
                break;
            case SerfMessageType.QueryResponse:
                output.Add("serf queryResponse ack=" + SerfQueryResponse.Decode(ref r).IsAck);
                break;
            default:
                throw new GossipFormatException($"unexpected serf type {(byte)type}");
        }

        Assert.True(r.End, $"trailing bytes after serf {type}");
    }
}
