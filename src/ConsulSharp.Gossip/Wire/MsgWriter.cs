using System.Buffers.Binary;
using System.Text;

namespace ConsulSharp.Gossip.Wire;

/// <summary>
/// msgpack writer producing exactly what go-msgpack 0.5.5 (default handle) writes: old spec, strings and byte
/// slices both as "raw" (fixstr / str16 / str32, never str8 or bin), non-negative integers in the smallest
/// unsigned form, negative ones in the smallest signed form. Not thread safe.
/// </summary>
internal sealed class MsgWriter
{
    private byte[] _buffer;
    private int _length;

    public MsgWriter(int capacity = 256)
    {
        _buffer = new byte[Math.Max(16, capacity)];
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Reset() => _length = 0;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    /// <summary>Appends bytes verbatim (no msgpack framing).</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    public void WriteMapHeader(int count)
    {
        if (count < 16)
        {
            WriteByte((byte)(0x80 | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteByte(0xDE);
            WriteUInt16BigEndian((ushort)count);
        }
        else
        {
            WriteByte(0xDF);
            WriteUInt32BigEndian((uint)count);
        }
    }

    public void WriteArrayHeader(int count)
    {
        if (count < 16)
        {
            WriteByte((byte)(0x90 | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteByte(0xDC);
            WriteUInt16BigEndian((ushort)count);
        }
        else
        {
            WriteByte(0xDD);
            WriteUInt32BigEndian((uint)count);
        }
    }

    public void WriteNil() => WriteByte(0xC0);

    public void WriteBool(bool value) => WriteByte(value ? (byte)0xC3 : (byte)0xC2);

    public void WriteUInt(ulong value)
    {
        if (value <= 0x7F)
        {
            WriteByte((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            WriteByte(0xCC);
            WriteByte((byte)value);
        }
        else if (value <= ushort.MaxValue)
        {
            WriteByte(0xCD);
            WriteUInt16BigEndian((ushort)value);
        }
        else if (value <= uint.MaxValue)
        {
            WriteByte(0xCE);
            WriteUInt32BigEndian((uint)value);
        }
        else
        {
            WriteByte(0xCF);
            Ensure(8);
            BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(_length), value);
            _length += 8;
        }
    }

    public void WriteInt(long value)
    {
        if (value >= 0)
        {
            WriteUInt((ulong)value);
        }
        else if (value >= -32)
        {
            WriteByte(unchecked((byte)(sbyte)value));
        }
        else if (value >= sbyte.MinValue)
        {
            WriteByte(0xD0);
            WriteByte(unchecked((byte)(sbyte)value));
        }
        else if (value >= short.MinValue)
        {
            WriteByte(0xD1);
            WriteUInt16BigEndian(unchecked((ushort)(short)value));
        }
        else if (value >= int.MinValue)
        {
            WriteByte(0xD2);
            WriteUInt32BigEndian(unchecked((uint)(int)value));
        }
        else
        {
            WriteByte(0xD3);
            Ensure(8);
            BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
            _length += 8;
        }
    }

    public void WriteDouble(double value)
    {
        WriteByte(0xCB);
        Ensure(8);
        BinaryPrimitives.WriteDoubleBigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>Writes a "raw" (old-spec string) header followed by the bytes.</summary>
    public void WriteRaw(ReadOnlySpan<byte> value)
    {
        WriteRawHeader(value.Length);
        WriteBytes(value);
    }

    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteRawHeader(count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>Writes a byte-slice field the way Go does: nil slices as msgpack nil.</summary>
    public void WriteRawOrNil(byte[]? value)
    {
        if (value is null)
        {
            WriteNil();
        }
        else
        {
            WriteRaw(value);
        }
    }

    public void WriteRawHeader(int count)
    {
        if (count < 32)
        {
            WriteByte((byte)(0xA0 | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteByte(0xDA);
            WriteUInt16BigEndian((ushort)count);
        }
        else
        {
            WriteByte(0xDB);
            WriteUInt32BigEndian((uint)count);
        }
    }

    public void WriteUInt16BigEndian(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void WriteUInt32BigEndian(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2, _length + extra);
        Array.Resize(ref _buffer, size);
    }
}
