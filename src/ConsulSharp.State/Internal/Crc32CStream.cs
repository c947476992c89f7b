using System.Buffers.Binary;
using System.Numerics;

namespace ConsulSharp.State.Internal;

/// <summary>A pass-through stream computing CRC-32C (hardware accelerated) of the bytes read or written while enabled.</summary>
internal sealed class Crc32CStream(Stream inner) : Stream
{
    private uint _crc = uint.MaxValue;

    public bool Enabled { get; set; } = true;

    public uint Crc => ~_crc;

    /// <summary>Bytes read or written so far (enabled or not).</summary>
    public long Count { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Update(buffer[..n]);
        return n;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Update(buffer);
        inner.Write(buffer);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Update(ReadOnlySpan<byte> data)
    {
        Count += data.Length;
        if (!Enabled)
        {
            return;
        }

        var crc = _crc;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        _crc = crc;
    }
}
