using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ConsulSharp.Raft.Transport;

/// <summary>
/// Binary encoding of <see cref="RaftMessage"/> (little endian). Versioned and append-only: a new field goes at the end
/// behind a new version number; decoders accept older versions.
/// v1: version u8, type u8, term u64, from str, to str, log index u64, log term u64, commit u64, flags u8
/// (1 reject, 2 pre-vote, 4 transfer, 8 has configuration), reject hint u64, seq u64, timestamp i64, entry count varint,
/// entries (index u64, term u64, type u8, length varint, bytes), [configuration length varint, configuration].
/// Strings are varint length + UTF-8.
/// </summary>
internal static class MessageCodec
{
    public const byte Version = 1;

    public static void Encode(RaftMessage m, ArrayBufferWriter<byte> w)
    {
        WriteByte(w, Version);
        WriteByte(w, (byte)m.Type);
        WriteU64(w, m.Term);
        WriteString(w, m.From);
        WriteString(w, m.To);
        WriteU64(w, m.LogIndex);
        WriteU64(w, m.LogTerm);
        WriteU64(w, m.Commit);
        var flags = (byte)((m.Reject ? 1 : 0) | (m.PreVote ? 2 : 0) | (m.Transfer ? 4 : 0) | (m.Configuration is not null ? 8 : 0));
        WriteByte(w, flags);
        WriteU64(w, m.RejectHint);
        WriteU64(w, m.Seq);
        WriteU64(w, (ulong)m.Timestamp);
        WriteVarint(w, (ulong)m.Entries.Count);
        foreach (var e in m.Entries)
        {
            var span = w.GetSpan(17);
            BinaryPrimitives.WriteUInt64LittleEndian(span, e.Index);
            BinaryPrimitives.WriteUInt64LittleEndian(span[8..], e.Term);
            span[16] = (byte)e.Type;
            w.Advance(17);
            WriteVarint(w, (ulong)e.Data.Length);
            w.Write(e.Data.Span);
        }

        if (m.Configuration is not null)
        {
            var cfg = m.Configuration.Encode();
            WriteVarint(w, (ulong)cfg.Length);
            w.Write(cfg);
        }
    }

    /// <summary>Decodes a message; entry data slices <paramref name="buffer"/> (which must not be reused).</summary>
    public static RaftMessage Decode(ReadOnlyMemory<byte> buffer)
    {
        var d = buffer.Span;
        var pos = 0;
        var version = d[pos++];
        if (version is 0 or > Version)
        {
            throw new InvalidDataException($"unsupported raft message version {version}");
        }

        var type = (RaftMessageType)d[pos++];
        var term = ReadU64(d, ref pos);
        var from = ReadString(d, ref pos);
        var to = ReadString(d, ref pos);
        var logIndex = ReadU64(d, ref pos);
        var logTerm = ReadU64(d, ref pos);
        var commit = ReadU64(d, ref pos);
        var flags = d[pos++];
        var hint = ReadU64(d, ref pos);
        var seq = ReadU64(d, ref pos);
        var ts = (long)ReadU64(d, ref pos);
        var count = (int)ReadVarint(d, ref pos);
        var entries = count == 0 ? (IReadOnlyList<LogEntry>)[] : new List<LogEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var index = ReadU64(d, ref pos);
            var eterm = ReadU64(d, ref pos);
            var etype = (LogEntryType)d[pos++];
            var len = (int)ReadVarint(d, ref pos);
            ((List<LogEntry>)entries).Add(new LogEntry(index, eterm, etype, buffer.Slice(pos, len)));
            pos += len;
        }

        RaftConfiguration? config = null;
        if ((flags & 8) != 0)
        {
            var len = (int)ReadVarint(d, ref pos);
            config = RaftConfiguration.Decode(d.Slice(pos, len));
            pos += len;
        }

        return new RaftMessage
        {
            Type = type,
            Term = term,
            From = from,
            To = to,
            LogIndex = logIndex,
            LogTerm = logTerm,
            Commit = commit,
            Reject = (flags & 1) != 0,
            PreVote = (flags & 2) != 0,
            Transfer = (flags & 4) != 0,
            RejectHint = hint,
            Seq = seq,
            Timestamp = ts,
            Entries = entries,
            Configuration = config,
        };
    }

    public static void WriteString(ArrayBufferWriter<byte> w, string s)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        WriteVarint(w, (ulong)n);
        var span = w.GetSpan(n);
        Encoding.UTF8.GetBytes(s, span);
        w.Advance(n);
    }

    public static string ReadString(ReadOnlySpan<byte> d, ref int pos)
    {
        var len = (int)ReadVarint(d, ref pos);
        var s = Encoding.UTF8.GetString(d.Slice(pos, len));
        pos += len;
        return s;
    }

    private static void WriteByte(ArrayBufferWriter<byte> w, byte b)
    {
        w.GetSpan(1)[0] = b;
        w.Advance(1);
    }

    private static void WriteU64(ArrayBufferWriter<byte> w, ulong v)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(w.GetSpan(8), v);
        w.Advance(8);
    }

    private static ulong ReadU64(ReadOnlySpan<byte> d, ref int pos)
    {
        var v = BinaryPrimitives.ReadUInt64LittleEndian(d[pos..]);
        pos += 8;
        return v;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> w, ulong v)
    {
        var span = w.GetSpan(10);
        var i = 0;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[i++] = (byte)v;
        w.Advance(i);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> d, ref int pos)
    {
        ulong v = 0;
        var shift = 0;
        while (true)
        {
            var b = d[pos++];
            v |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return v;
            }

            shift += 7;
            if (shift > 63)
            {
                throw new InvalidDataException("varint too long");
            }
        }
    }
}
