using System.Buffers.Binary;
using System.Text;

namespace ConsulSharp.Agent.Membership;

/// <summary>
/// Consul's msgpack encoding of a user event, as Go's codec writes it with Consul's handle (old spec: strings and
/// bytes both as raw): a map of <c>ID</c>, <c>n</c>, <c>p</c>, <c>nf</c>, <c>sf</c>, <c>tf</c> (each omitted when empty)
/// and <c>v</c>, in that order. The decoder also accepts str8 and bin forms and skips unknown keys.
/// </summary>
public static class UserEventCodec
{
    public static byte[] Encode(ConsulUserEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var fields = new List<(string Key, byte[] Raw)> { ("ID", Encoding.UTF8.GetBytes(e.Id)), ("n", Encoding.UTF8.GetBytes(e.Name)) };
        if (e.Payload is { Length: > 0 } p)
        {
            fields.Add(("p", p));
        }

        foreach (var (key, value) in new[] { ("nf", e.NodeFilter), ("sf", e.ServiceFilter), ("tf", e.TagFilter) })
        {
            if (value.Length > 0)
            {
                fields.Add((key, Encoding.UTF8.GetBytes(value)));
            }
        }

        using var ms = new MemoryStream();
        ms.WriteByte((byte)(0x80 | (fields.Count + 1)));
        foreach (var (key, raw) in fields)
        {
            WriteRaw(ms, Encoding.UTF8.GetBytes(key));
            WriteRaw(ms, raw);
        }

        WriteRaw(ms, "v"u8);
        WriteInt(ms, e.Version);
        return ms.ToArray();
    }

    /// <summary>Decodes an event payload; throws <see cref="FormatException"/> on malformed input.</summary>
    public static ConsulUserEvent Decode(ReadOnlySpan<byte> data)
    {
        var r = new Reader(data);
        var count = r.MapHeader();
        string id = "", name = "", nf = "", sf = "", tf = "";
        byte[]? payload = null;
        var version = 0;
        for (var i = 0; i < count; i++)
        {
            var key = Encoding.UTF8.GetString(r.Bytes() ?? []);
            switch (key)
            {
                case "ID": id = r.String(); break;
                case "n": name = r.String(); break;
                case "p": payload = r.Bytes(); break;
                case "nf": nf = r.String(); break;
                case "sf": sf = r.String(); break;
                case "tf": tf = r.String(); break;
                case "v": version = (int)r.Integer(); break;
                default: r.Skip(); break;
            }
        }

        return new ConsulUserEvent { Id = id, Name = name, Payload = payload is { Length: > 0 } ? payload : null, NodeFilter = nf, ServiceFilter = sf, TagFilter = tf, Version = version };
    }

    private static void WriteRaw(MemoryStream ms, ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 32)
        {
            ms.WriteByte((byte)(0xa0 | raw.Length));
        }
        else if (raw.Length <= ushort.MaxValue)
        {
            ms.WriteByte(0xda);
            ms.WriteByte((byte)(raw.Length >> 8));
            ms.WriteByte((byte)raw.Length);
        }
        else
        {
            ms.WriteByte(0xdb);
            Span<byte> len = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(len, raw.Length);
            ms.Write(len);
        }

        ms.Write(raw);
    }

    private static void WriteInt(MemoryStream ms, int value)
    {
        if (value is >= 0 and < 128)
        {
            ms.WriteByte((byte)value);
        }
        else
        {
            ms.WriteByte(0xd2);
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(b, value);
            ms.Write(b);
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public int MapHeader()
        {
            var b = Byte();
            return b switch
            {
                >= 0x80 and <= 0x8f => b & 0x0f,
                0xde => (int)Read(2),
                0xdf => (int)Read(4),
                _ => throw new FormatException($"user event: expected a map, found 0x{b:x2}"),
            };
        }

        public string String() => Encoding.UTF8.GetString(Bytes() ?? []);

        public byte[]? Bytes()
        {
            var b = Byte();
            int len = b switch
            {
                >= 0xa0 and <= 0xbf => b & 0x1f,
                0xd9 or 0xc4 => (int)Read(1),
                0xda or 0xc5 => (int)Read(2),
                0xdb or 0xc6 => (int)Read(4),
                0xc0 => -1,
                _ => throw new FormatException($"user event: expected a string, found 0x{b:x2}"),
            };
            if (len < 0)
            {
                return null;
            }

            return Take(len).ToArray();
        }

        public long Integer()
        {
            var b = Byte();
            return b switch
            {
                <= 0x7f => b,
                >= 0xe0 => (sbyte)b,
                0xcc => (long)Read(1),
                0xcd => (long)Read(2),
                0xce => (long)Read(4),
                0xcf => (long)Read(8),
                0xd0 => (sbyte)Read(1),
                0xd1 => (short)Read(2),
                0xd2 => (int)Read(4),
                0xd3 => (long)Read(8),
                _ => throw new FormatException($"user event: expected an integer, found 0x{b:x2}"),
            };
        }

        public void Skip()
        {
            var b = Peek();
            switch (b)
            {
                case <= 0x7f or >= 0xe0 or 0xcc or 0xcd or 0xce or 0xcf or 0xd0 or 0xd1 or 0xd2 or 0xd3:
                    Integer();
                    break;
                case 0xc0 or 0xc2 or 0xc3:
                    _pos++;
                    break;
                case >= 0x80 and <= 0x8f or 0xde or 0xdf:
                    var n = MapHeader();
                    for (var i = 0; i < 2 * n; i++)
                    {
                        Skip();
                    }

                    break;
                case >= 0x90 and <= 0x9f:
                    _pos++;
                    for (var i = 0; i < (b & 0x0f); i++)
                    {
                        Skip();
                    }

                    break;
                case 0xca:
                    _pos++;
                    Take(4);
                    break;
                case 0xcb:
                    _pos++;
                    Take(8);
                    break;
                default:
                    Bytes();
                    break;
            }
        }

        private byte Peek() => _pos < _data.Length ? _data[_pos] : throw new FormatException("user event: truncated");

        private byte Byte()
        {
            var b = Peek();
            _pos++;
            return b;
        }

        private ulong Read(int n)
        {
            var span = Take(n);
            ulong v = 0;
            foreach (var x in span)
            {
                v = (v << 8) | x;
            }

            return v;
        }

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || _pos + n > _data.Length)
            {
                throw new FormatException("user event: truncated");
            }

            var s = _data.Slice(_pos, n);
            _pos += n;
            return s;
        }
    }
}
