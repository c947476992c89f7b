using System.Buffers;
using System.Buffers.Binary;

namespace ConsulSharp.Raft.Transport;

/// <summary>Frames: length u32 (of type + payload), type u8, payload. Max 64 MiB.</summary>
internal static class FrameIO
{
    public const int MaxFrame = 64 << 20;

    /// <summary>Appends a frame to <paramref name="w"/>, letting <paramref name="payload"/> write the body.</summary>
    public static void Write(ArrayBufferWriter<byte> w, FrameType type, Action<ArrayBufferWriter<byte>> payload)
    {
        var start = w.WrittenCount;
        w.GetSpan(5);
        w.Advance(5);
        payload(w);
        var len = w.WrittenCount - start - 4;
        var span = MemoryExtensionsHelper.AsWritable(w.WrittenMemory.Slice(start, 5));
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)len);
        span[4] = (byte)type;
    }

    public static async Task<(FrameType Type, byte[] Payload)?> ReadAsync(Stream s, byte[] header, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < 5)
        {
            var n = await s.ReadAsync(header.AsMemory(read, 5 - read), cancellationToken);
            if (n == 0)
            {
                if (read == 0)
                {
                    return null;
                }

                throw new EndOfStreamException("connection closed inside a frame header");
            }

            read += n;
        }

        var len = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (len < 1 || len > MaxFrame)
        {
            throw new InvalidDataException($"bad frame length {len}");
        }

        var payload = new byte[len - 1];
        await s.ReadExactlyAsync(payload, cancellationToken);
        return ((FrameType)header[4], payload);
    }
}
