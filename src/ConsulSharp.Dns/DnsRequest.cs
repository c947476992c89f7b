using System.Buffers.Binary;
using System.Text;

namespace ConsulSharp.Dns;

/// <summary>
/// The parts of a query the server acts on: header id and flags, the single question and the EDNS0 OPT record.
/// <see cref="TryParse"/> never throws on hostile input: it reports how the packet must be answered instead.
/// </summary>
internal readonly record struct DnsRequest(
    ushort Id,
    ushort Flags,
    string Name,
    ushort Type,
    ushort Class,
    int QuestionEnd,
    bool HasEdns,
    ushort EdnsSize)
{
    public bool RecursionDesired => (Flags & 0x0100) != 0;

    public int Opcode => (Flags >> 11) & 0xF;

    /// <summary>Parses <paramref name="packet"/>; the status says whether to answer, reject or drop it.</summary>
    public static DnsParseStatus TryParse(ReadOnlySpan<byte> packet, out DnsRequest request)
    {
        request = default;
        if (packet.Length < DnsConstants.HeaderSize)
        {
            return DnsParseStatus.Drop;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        request = new DnsRequest(id, flags, "", 0, 0, DnsConstants.HeaderSize, false, 0);
        if ((flags & 0x8000) != 0)
        {
            return DnsParseStatus.Drop; // a response: never answer it (no reflection loops)
        }

        if (((flags >> 11) & 0xF) != 0)
        {
            return DnsParseStatus.NotImplemented;
        }

        var qd = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var an = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var ns = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var ar = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        if (qd != 1 || an != 0 || ns != 0 || ar > 2)
        {
            return DnsParseStatus.FormatError;
        }

        var pos = DnsConstants.HeaderSize;
        var sb = new StringBuilder(64);
        if (!TryReadName(packet, ref pos, sb) || pos + 4 > packet.Length)
        {
            return DnsParseStatus.FormatError;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]);
        var cls = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 2)..]);
        pos += 4;
        var questionEnd = pos;
        var hasEdns = false;
        ushort ednsSize = 0;
        for (var i = 0; i < ar; i++)
        {
            if (!SkipName(packet, ref pos) || pos + 10 > packet.Length)
            {
                return DnsParseStatus.FormatError;
            }

            var rrType = BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]);
            var rrClass = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 2)..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 8)..]);
            pos += 10;
            if (pos + rdLength > packet.Length)
            {
                return DnsParseStatus.FormatError;
            }

            pos += rdLength;
            if (rrType == DnsConstants.TypeOpt)
            {
                if (hasEdns)
                {
                    return DnsParseStatus.FormatError; // RFC 6891: more than one OPT
                }

                hasEdns = true;
                ednsSize = rrClass;
            }
        }

        request = new DnsRequest(id, flags, sb.ToString(), type, cls, questionEnd, hasEdns, ednsSize);
        return DnsParseStatus.Ok;
    }

    /// <summary>
    /// Reads a (possibly compressed) name as dotted text with a trailing dot. Pointers must point strictly backwards, so
    /// loops are impossible; labels longer than 63 bytes, names over 255 bytes and reserved label types fail.
    /// </summary>
    public static bool TryReadName(ReadOnlySpan<byte> packet, ref int pos, StringBuilder sb)
    {
        var p = pos;
        var jumped = false;
        var wireLength = 1;
        var limit = p; // a pointer must point before the label that holds it
        while (true)
        {
            if (p >= packet.Length)
            {
                return false;
            }

            var len = packet[p];
            if (len == 0)
            {
                if (!jumped)
                {
                    pos = p + 1;
                }

                if (sb.Length == 0)
                {
                    sb.Append('.');
                }

                return true;
            }

            switch (len & 0xC0)
            {
                case 0xC0:
                    if (p + 1 >= packet.Length)
                    {
                        return false;
                    }

                    var target = ((len & 0x3F) << 8) | packet[p + 1];
                    if (target >= limit)
                    {
                        return false;
                    }

                    if (!jumped)
                    {
                        pos = p + 2;
                        jumped = true;
                    }

                    limit = target;
                    p = target;
                    continue;
                case 0x00:
                    if (p + 1 + len > packet.Length)
                    {
                        return false;
                    }

                    wireLength += len + 1;
                    if (wireLength > 255)
                    {
                        return false;
                    }

                    AppendLabel(sb, packet.Slice(p + 1, len));
                    p += len + 1;
                    if (!jumped)
                    {
                        limit = p;
                    }

                    continue;
                default:
                    return false;
            }
        }
    }

    private static void AppendLabel(StringBuilder sb, ReadOnlySpan<byte> label)
    {
        foreach (var b in label)
        {
            // Keep printable ASCII; escape the rest as \DDD like presentation format so names stay unambiguous.
            if (b is > 0x20 and < 0x7F && b != (byte)'.' && b != (byte)'\\')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('\\').Append((b / 100) % 10).Append((b / 10) % 10).Append(b % 10);
            }
        }

        sb.Append('.');
    }

    private static bool SkipName(ReadOnlySpan<byte> packet, ref int pos)
    {
        var wire = 1;
        while (pos < packet.Length)
        {
            var len = packet[pos];
            if (len == 0)
            {
                pos++;
                return true;
            }

            if ((len & 0xC0) == 0xC0)
            {
                pos += 2;
                return pos <= packet.Length;
            }

            if ((len & 0xC0) != 0)
            {
                return false;
            }

            wire += len + 1;
            if (wire > 255)
            {
                return false;
            }

            pos += len + 1;
        }

        return false;
    }
}
