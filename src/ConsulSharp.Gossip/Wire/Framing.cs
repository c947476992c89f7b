using System.Buffers.Binary;
using System.Text;

namespace ConsulSharp.Gossip.Wire;

/// <summary>memberlist's binary containers: compound, compress envelope, CRC header, label header.</summary>
internal static class Framing
{
    /// <summary>Decompressed size cap (memberlist ≥ 0.6 uses the same 40 MiB); protects against LZW bombs.</summary>
    public const int MaxDecompressedSize = 40 << 20;

    public const int CompoundHeaderOverhead = 2;
    public const int CompoundOverhead = 2;

    public static byte[] Encode(MessageType type, Action<MsgWriter> body)
    {
        var w = new MsgWriter();
        w.WriteByte((byte)type);
        body(w);
        return w.ToArray();
    }

    public static byte[] MakeCompound(IReadOnlyList<byte[]> messages)
    {
        if (messages.Count > byte.MaxValue)
        {
            throw new ArgumentException("too many parts", nameof(messages));
        }

        var w = new MsgWriter(2 + messages.Sum(m => m.Length + 2));
        w.WriteByte((byte)MessageType.Compound);
        w.WriteByte((byte)messages.Count);
        foreach (var m in messages)
        {
            w.WriteUInt16BigEndian((ushort)m.Length);
        }

        foreach (var m in messages)
        {
            w.WriteBytes(m);
        }

        return w.ToArray();
    }

    /// <summary>Splits a compound body (after the type byte). Returns the complete parts and how many were truncated.</summary>
    public static List<ReadOnlyMemory<byte>> SplitCompound(ReadOnlyMemory<byte> body, out int truncated)
    {
        var span = body.Span;
        if (span.Length < 1)
        {
            throw new GossipFormatException("compound: missing length");
        }

        int count = span[0];
        if (span.Length < 1 + (2 * count))
        {
            throw new GossipFormatException("compound: truncated length table");
        }

        var parts = new List<ReadOnlyMemory<byte>>(count);
        var offset = 1 + (2 * count);
        truncated = 0;
        for (var i = 0; i < count; i++)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(span.Slice(1 + (2 * i), 2));
            if (offset + length > span.Length)
            {
                truncated = count - i;
                break;
            }

            parts.Add(body.Slice(offset, length));
            offset += length;
        }

        return parts;
    }

    /// <summary>Builds <c>09 {Algo: 0, Buf: lzw(message)}</c>.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> message)
    {
        var compressed = Lzw.Compress(message);
        var w = new MsgWriter(compressed.Length + 16);
        w.WriteByte((byte)MessageType.Compress);
        w.WriteMapHeader(2);
        w.WriteString("Algo");
        w.WriteUInt(0);
        w.WriteString("Buf");
        w.WriteRaw(compressed);
        return w.ToArray();
    }

    /// <summary>Decodes a compress body (after the type byte) into the inner message.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> body, int maxSize = MaxDecompressedSize)
    {
        var r = new MsgReader(body);
        var algo = -1L;
        ReadOnlySpan<byte> buf = default;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "Algo": algo = r.ReadInt64(); break;
                case "Buf": buf = r.ReadRaw(); break;
                default: r.Skip(); break;
            }
        }

        if (algo != 0)
        {
            throw new GossipFormatException($"compress: unsupported algorithm {algo}");
        }

        return Lzw.Decompress(buf, maxSize);
    }

    public static byte[] AddCrc(ReadOnlySpan<byte> message)
    {
        var output = new byte[5 + message.Length];
        output[0] = (byte)MessageType.HasCrc;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1), Crc32.Compute(message));
        message.CopyTo(output.AsSpan(5));
        return output;
    }

    /// <summary>Validates a CRC body (after the type byte); returns the inner message or throws.</summary>
    public static ReadOnlyMemory<byte> CheckCrc(ReadOnlyMemory<byte> body)
    {
        if (body.Length < 4)
        {
            throw new GossipFormatException("crc: truncated");
        }

        var expected = BinaryPrimitives.ReadUInt32BigEndian(body.Span);
        var inner = body[4..];
        if (Crc32.Compute(inner.Span) != expected)
        {
            throw new GossipFormatException("crc: checksum mismatch");
        }

        return inner;
    }

    public static byte[] AddLabel(ReadOnlySpan<byte> message, string label)
    {
        if (label.Length == 0)
        {
            return message.ToArray();
        }

        var labelBytes = Encoding.UTF8.GetBytes(label);
        if (labelBytes.Length > byte.MaxValue)
        {
            throw new ArgumentException("label too long", nameof(label));
        }

        var output = new byte[2 + labelBytes.Length + message.Length];
        output[0] = (byte)MessageType.HasLabel;
        output[1] = (byte)labelBytes.Length;
        labelBytes.CopyTo(output, 2);
        message.CopyTo(output.AsSpan(2 + labelBytes.Length));
        return output;
    }

    /// <summary>Removes a label header if present; returns the label ("" when none).</summary>
    public static ReadOnlyMemory<byte> StripLabel(ReadOnlyMemory<byte> packet, out string label)
    {
        label = string.Empty;
        var span = packet.Span;
        if (span.Length == 0 || span[0] != (byte)MessageType.HasLabel)
        {
            return packet;
        }

        if (span.Length < 2 || span[1] == 0 || span.Length < 2 + span[1])
        {
            throw new GossipFormatException("label: truncated or empty");
        }

        label = Encoding.UTF8.GetString(span.Slice(2, span[1]));
        return packet[(2 + span[1])..];
    }
}
