using System.Buffers.Binary;
using System.Text;

namespace ConsulSharp.Gossip.Wire;

/// <summary>
/// msgpack reader over a span that accepts every encoding of the full spec (old and new), because peers may be
/// newer than go-msgpack 0.5.5. Integer forms are interchangeable; raw, str and bin are interchangeable. Throws
/// <see cref="GossipFormatException"/> on malformed or truncated input.
/// </summary>
internal ref struct MsgReader
{
    private const int MaxDepth = 64;
    private readonly ReadOnlySpan<byte> _data;

    public MsgReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly bool End => Position >= _data.Length;

    public readonly ReadOnlySpan<byte> Remaining => _data[Position..];

    public readonly byte Peek()
    {
        if (Position >= _data.Length)
        {
            throw new GossipFormatException("msgpack: unexpected end of data");
        }

        return _data[Position];
    }

    public bool TryReadNil()
    {
        if (Peek() == 0xC0)
        {
            Position++;
            return true;
        }

        return false;
    }

    public int ReadMapHeader()
    {
        var b = ReadByte();
        return b switch
        {
            >= 0x80 and <= 0x8F => b & 0x0F,
            0xDE => ReadUInt16(),
            0xDF => CheckCount(ReadRawUInt32()),
            0xC0 => 0,
            _ => throw new GossipFormatException($"msgpack: expected map, got 0x{b:x2}"),
        };
    }

    public int ReadArrayHeader()
    {
        var b = ReadByte();
        return b switch
        {
            >= 0x90 and <= 0x9F => b & 0x0F,
            0xDC => ReadUInt16(),
            0xDD => CheckCount(ReadRawUInt32()),
            0xC0 => 0,
            _ => throw new GossipFormatException($"msgpack: expected array, got 0x{b:x2}"),
        };
    }

    /// <summary>Reads a raw/str/bin value; nil reads as empty.</summary>
    public ReadOnlySpan<byte> ReadRaw()
    {
        var b = ReadByte();
        int count;
        switch (b)
        {
            case >= 0xA0 and <= 0xBF:
                count = b & 0x1F;
                break;
            case 0xD9 or 0xC4:
                count = ReadByte();
                break;
            case 0xDA or 0xC5:
                count = ReadUInt16();
                break;
            case 0xDB or 0xC6:
                count = CheckCount(ReadRawUInt32());
                break;
            case 0xC0:
                return [];
            default:
                throw new GossipFormatException($"msgpack: expected raw, got 0x{b:x2}");
        }

        return Take(count);
    }

    /// <summary>Reads a byte-slice field: raw, nil (returns null) or an array of small integers (tolerated like go-msgpack).</summary>
    public byte[]? ReadBytesOrNull()
    {
        var b = Peek();
        if (b == 0xC0)
        {
            Position++;
            return null;
        }

        if (b is (>= 0x90 and <= 0x9F) or 0xDC or 0xDD)
        {
            var n = ReadArrayHeader();
            var result = new byte[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = (byte)ReadUInt64();
            }

            return result;
        }

        return ReadRaw().ToArray();
    }

    public string ReadString()
    {
        if (TryReadNil())
        {
            return string.Empty;
        }

        return Encoding.UTF8.GetString(ReadRaw());
    }

    public bool ReadBool()
    {
        var b = ReadByte();
        return b switch
        {
            0xC2 => false,
            0xC3 => true,
            0xC0 => false,
            _ => throw new GossipFormatException($"msgpack: expected bool, got 0x{b:x2}"),
        };
    }

    public long ReadInt64()
    {
        var b = ReadByte();
        switch (b)
        {
            case <= 0x7F:
                return b;
            case >= 0xE0:
                return (sbyte)b;
            case 0xCC:
                return ReadByte();
            case 0xCD:
                return ReadUInt16();
            case 0xCE:
                return ReadRawUInt32();
            case 0xCF:
                return unchecked((long)BinaryPrimitives.ReadUInt64BigEndian(Take(8)));
            case 0xD0:
                return (sbyte)ReadByte();
            case 0xD1:
                return BinaryPrimitives.ReadInt16BigEndian(Take(2));
            case 0xD2:
                return BinaryPrimitives.ReadInt32BigEndian(Take(4));
            case 0xD3:
                return BinaryPrimitives.ReadInt64BigEndian(Take(8));
            case 0xCA:
                return (long)BinaryPrimitives.ReadSingleBigEndian(Take(4));
            case 0xCB:
                return (long)BinaryPrimitives.ReadDoubleBigEndian(Take(8));
            case 0xC0:
                return 0;
            default:
                throw new GossipFormatException($"msgpack: expected integer, got 0x{b:x2}");
        }
    }

    public ulong ReadUInt64() => unchecked((ulong)ReadInt64());

    public uint ReadUInt32() => unchecked((uint)ReadInt64());

    public double ReadDouble()
    {
        var b = Peek();
        if (b == 0xCB)
        {
            Position++;
            return BinaryPrimitives.ReadDoubleBigEndian(Take(8));
        }

        if (b == 0xCA)
        {
            Position++;
            return BinaryPrimitives.ReadSingleBigEndian(Take(4));
        }

        return ReadInt64();
    }

    public void Skip() => Skip(0);

    /// <summary>
    /// Measures the encoded length of the msgpack object at the start of <paramref name="data"/>. Returns false when the
    /// object is incomplete (more bytes needed); throws when the bytes can never form an object.
    /// </summary>
    public static bool TryMeasure(ReadOnlySpan<byte> data, out int length)
    {
        var reader = new MsgReader(data);
        try
        {
            reader.Skip();
            length = reader.Position;
            return true;
        }
        catch (TruncatedException)
        {
            length = 0;
            return false;
        }
    }

    private void Skip(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new GossipFormatException("msgpack: nesting too deep");
        }

        var b = ReadByte();
        switch (b)
        {
            case <= 0x7F or >= 0xE0 or 0xC0 or 0xC2 or 0xC3:
                return;
            case >= 0x80 and <= 0x8F:
                SkipItems((b & 0x0F) * 2, depth);
                return;
            case >= 0x90 and <= 0x9F:
                SkipItems(b & 0x0F, depth);
                return;
            case >= 0xA0 and <= 0xBF:
                Take(b & 0x1F);
                return;
            case 0xCC or 0xD0:
                Take(1);
                return;
            case 0xCD or 0xD1:
                Take(2);
                return;
            case 0xCE or 0xD2 or 0xCA:
                Take(4);
                return;
            case 0xCF or 0xD3 or 0xCB:
                Take(8);
                return;
            case 0xD9 or 0xC4:
                Take(ReadByte());
                return;
            case 0xDA or 0xC5:
                Take(ReadUInt16());
                return;
            case 0xDB or 0xC6:
                Take(CheckCount(ReadRawUInt32()));
                return;
            case 0xDC:
                SkipItems(ReadUInt16(), depth);
                return;
            case 0xDD:
                SkipItems(CheckCount(ReadRawUInt32()), depth);
                return;
            case 0xDE:
                SkipItems(ReadUInt16() * 2, depth);
                return;
            case 0xDF:
                SkipItems(CheckCount(ReadRawUInt32()) * 2L, depth);
                return;
            case 0xD4:
                Take(2);
                return;
            case 0xD5:
                Take(3);
                return;
            case 0xD6:
                Take(5);
                return;
            case 0xD7:
                Take(9);
                return;
            case 0xD8:
                Take(17);
                return;
            case 0xC7:
                Take(ReadByte() + 1);
                return;
            case 0xC8:
                Take(ReadUInt16() + 1);
                return;
            case 0xC9:
                Take(CheckCount(ReadRawUInt32()) + 1);
                return;
            default:
                throw new GossipFormatException($"msgpack: invalid type byte 0x{b:x2}");
        }
    }

    private void SkipItems(long count, int depth)
    {
        for (long i = 0; i < count; i++)
        {
            Skip(depth + 1);
        }
    }

    private byte ReadByte()
    {
        if (Position >= _data.Length)
        {
            throw new TruncatedException();
        }

        return _data[Position++];
    }

    private ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    private uint ReadRawUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    private static int CheckCount(uint count)
    {
        if (count > int.MaxValue / 2)
        {
            throw new GossipFormatException("msgpack: length too large");
        }

        return (int)count;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - Position)
        {
            throw new TruncatedException();
        }

        var slice = _data.Slice(Position, count);
        Position += count;
        return slice;
    }

    private sealed class TruncatedException : GossipFormatException
    {
        public TruncatedException()
            : base("msgpack: unexpected end of data")
        {
        }
    }
}
