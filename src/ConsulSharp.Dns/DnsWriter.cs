using System.Buffers.Binary;

namespace ConsulSharp.Dns;

/// <summary>
/// Encodes a response into a caller-owned buffer with RFC 1035 name compression. Nothing is allocated per message: the
/// compression table keeps references to the record names already written. Writes past the end set
/// <see cref="Overflow"/> instead of throwing, so callers can size-probe a candidate answer.
/// </summary>
internal sealed class DnsWriter
{
    private readonly List<(int Offset, string Text, int Start)> _names = new(64);
    private byte[] _buffer = [];
    private int _limit;

    public int Length { get; private set; }

    public bool Overflow { get; private set; }

    public bool Compress { get; set; } = true;

    public void Reset(byte[] buffer, int limit)
    {
        _buffer = buffer;
        _limit = Math.Min(limit, buffer.Length);
        Length = 0;
        Overflow = false;
        _names.Clear();
    }

    public void WriteHeader(ushort id, ushort flags, int qd, int an, int ns, int ar)
    {
        if (!Room(DnsConstants.HeaderSize))
        {
            return;
        }

        var s = _buffer.AsSpan(Length);
        BinaryPrimitives.WriteUInt16BigEndian(s, id);
        BinaryPrimitives.WriteUInt16BigEndian(s[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(s[4..], (ushort)qd);
        BinaryPrimitives.WriteUInt16BigEndian(s[6..], (ushort)an);
        BinaryPrimitives.WriteUInt16BigEndian(s[8..], (ushort)ns);
        BinaryPrimitives.WriteUInt16BigEndian(s[10..], (ushort)ar);
        Length += DnsConstants.HeaderSize;
    }

    public void WriteQuestion(string name, ushort type, ushort cls)
    {
        WriteName(name);
        WriteUInt16(type);
        WriteUInt16(cls);
    }

    public void WriteOpt(ushort udpSize)
    {
        WriteByte(0);
        WriteUInt16(DnsConstants.TypeOpt);
        WriteUInt16(udpSize);
        WriteUInt32(0);
        WriteUInt16(0);
    }

    public void WriteRecord(DnsRecord r)
    {
        WriteName(r.Name);
        WriteUInt16(r.Type);
        WriteUInt16(DnsConstants.ClassIn);
        WriteUInt32(r.Ttl);
        var lengthAt = Length;
        WriteUInt16(0);
        var start = Length;
        switch (r.Type)
        {
            case DnsConstants.TypeA:
            case DnsConstants.TypeAaaa:
                var size = r.Type == DnsConstants.TypeA ? 4 : 16;
                if (Room(size))
                {
                    r.Address!.TryWriteBytes(_buffer.AsSpan(Length, size), out _);
                    Length += size;
                }

                break;
            case DnsConstants.TypeSrv:
                WriteUInt16(r.Priority);
                WriteUInt16(r.Weight);
                WriteUInt16(r.Port);
                WriteName(r.Target, compress: false); // RFC 2782: no compression inside SRV
                break;
            case DnsConstants.TypeTxt:
                foreach (var t in r.Texts)
                {
                    WriteCharacterStrings(t);
                }

                break;
            case DnsConstants.TypeSoa:
                WriteName(r.Target);
                WriteName(r.Mailbox);
                WriteUInt32(r.Serial);
                WriteUInt32(r.Refresh);
                WriteUInt32(r.Retry);
                WriteUInt32(r.Expire);
                WriteUInt32(r.Minimum);
                break;
            default: // CNAME, PTR, NS
                WriteName(r.Target);
                break;
        }

        if (!Overflow)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthAt), (ushort)(Length - start));
        }
    }

    /// <summary>Writes the ASCII text as one or more 255-byte character-strings (RFC 1035 3.3).</summary>
    private void WriteCharacterStrings(string text)
    {
        var i = 0;
        do
        {
            var n = Math.Min(255, text.Length - i);
            if (!Room(n + 1))
            {
                return;
            }

            _buffer[Length++] = (byte)n;
            for (var k = 0; k < n; k++)
            {
                var c = text[i + k];
                _buffer[Length++] = c < 0x80 ? (byte)c : (byte)'?';
            }

            i += n;
        }
        while (i < text.Length);
    }

    /// <summary>
    /// Writes a dotted name (trailing dot optional, <c>\DDD</c> and <c>\c</c> escapes understood), pointing to an
    /// earlier copy of the longest matching suffix when compression is on.
    /// </summary>
    public void WriteName(string name, bool compress = true)
    {
        var pos = 0;
        var end = name.Length > 0 && name[^1] == '.' && (name.Length < 2 || name[^2] != '\\') ? name.Length - 1 : name.Length;
        Span<byte> label = stackalloc byte[63];
        while (pos < end)
        {
            if (Compress && compress && TryFindSuffix(name, pos, end, out var pointer))
            {
                WriteUInt16((ushort)(0xC000 | pointer));
                return;
            }

            if (Length < 0x3FFF && Compress)
            {
                _names.Add((Length, name, pos));
            }

            var n = 0;
            while (pos < end && name[pos] != '.')
            {
                byte b;
                if (name[pos] == '\\' && pos + 1 < end)
                {
                    if (pos + 3 < end && char.IsAsciiDigit(name[pos + 1]) && char.IsAsciiDigit(name[pos + 2]) && char.IsAsciiDigit(name[pos + 3]))
                    {
                        b = (byte)(((name[pos + 1] - '0') * 100) + ((name[pos + 2] - '0') * 10) + (name[pos + 3] - '0'));
                        pos += 4;
                    }
                    else
                    {
                        b = (byte)name[pos + 1];
                        pos += 2;
                    }
                }
                else
                {
                    b = name[pos] < 0x80 ? (byte)name[pos] : (byte)'?';
                    pos++;
                }

                if (n == 63)
                {
                    Overflow = true; // label too long: the caller only hands us validated names
                    return;
                }

                label[n++] = b;
            }

            pos++; // the dot
            if (!Room(n + 1))
            {
                return;
            }

            _buffer[Length++] = (byte)n;
            label[..n].CopyTo(_buffer.AsSpan(Length));
            Length += n;
        }

        WriteByte(0);
    }

    private bool TryFindSuffix(string name, int pos, int end, out int pointer)
    {
        var suffix = name.AsSpan(pos, end - pos);
        foreach (var (offset, text, start) in _names)
        {
            var other = text.AsSpan(start);
            if (other.Length > 0 && other[^1] == '.')
            {
                other = other[..^1];
            }

            if (suffix.Equals(other, StringComparison.OrdinalIgnoreCase))
            {
                pointer = offset;
                return true;
            }
        }

        pointer = 0;
        return false;
    }

    private bool Room(int n)
    {
        if (Overflow || Length + n > _limit)
        {
            Overflow = true;
            return false;
        }

        return true;
    }

    private void WriteByte(byte b)
    {
        if (Room(1))
        {
            _buffer[Length++] = b;
        }
    }

    private void WriteUInt16(ushort v)
    {
        if (Room(2))
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Length), v);
            Length += 2;
        }
    }

    private void WriteUInt32(uint v)
    {
        if (Room(4))
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), v);
            Length += 4;
        }
    }
}
