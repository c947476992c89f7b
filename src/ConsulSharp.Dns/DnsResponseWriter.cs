using System.Buffers.Binary;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Dns;

/// <summary>
/// Encodes an answer for one transport, trimming it the way Consul's v1 server does (<c>trimUDPResponse</c> /
/// <c>trimTCPResponse</c>): a count cut for plain 512-byte UDP clients, then authority and answers dropped until the
/// message fits, additional records re-synced to the SRV targets left. Unlike Consul, a UDP reply is never sent larger
/// than the client allows: a lone over-size record loses its additional section, and failing that the reply carries
/// only the header and question with TC set.
/// </summary>
internal sealed class DnsResponseWriter
{
    private readonly DnsOptions _options;
    private readonly ILogger _log;

    [ThreadStatic]
    private static DnsWriter? t_writer;

    public DnsResponseWriter(DnsOptions options, ILogger log)
    {
        _options = options;
        _log = log;
    }

    public static int MaxUdpSize(in DnsRequest request) =>
        request.HasEdns ? Math.Clamp((int)request.EdnsSize, DnsConstants.DefaultUdpSize, DnsConstants.MaxUdpSize) : DnsConstants.DefaultUdpSize;

    /// <summary>
    /// How many answers the resolver needs to build for this request and transport: the most <see cref="Write"/> can
    /// keep (the count limits below; for EDNS UDP, the size limit over the smallest record: a compressed owner, 10 bytes
    /// of type/class/TTL/length and 4 of RDATA), plus one so that Write still sees that there were more (TC, SRV
    /// additional re-sync).
    /// </summary>
    public static int AnswerCap(in DnsRequest request, bool tcp, DnsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (tcp)
        {
            return (request.Type == DnsConstants.TypeSrv ? 1024 : 4096) + 1;
        }

        if (!request.HasEdns)
        {
            return Math.Max(1, Math.Min(options.UdpAnswerLimit, 8)) + 1;
        }

        const int SmallestRecord = 2 + 10 + 4;
        return (MaxUdpSize(request) / SmallestRecord) + 1;
    }

    /// <summary>Encodes <paramref name="answer"/> into <paramref name="buffer"/> (at least 65535 bytes) and returns its length.</summary>
    public int Write(in DnsRequest request, DnsAnswer answer, bool tcp, bool recursionAvailable, byte[] buffer)
    {
        var writer = t_writer ??= new DnsWriter();
        writer.Compress = !_options.DisableCompression;
        var max = tcp ? DnsConstants.MaxTcpSize : MaxUdpSize(request);
        var total = answer.Answers.Count;
        var count = total;
        if (tcp)
        {
            count = Math.Min(count, request.Type == DnsConstants.TypeSrv ? 1024 : 4096);
        }
        else if (!request.HasEdns)
        {
            count = Math.Min(count, Math.Min(_options.UdpAnswerLimit, 8));
            count = Math.Max(count, Math.Min(total, 1));
        }

        var withAuthority = true;
        var target = tcp ? max : max - 8;
        var length = Encode(writer, request, answer, count, withAuthority, true, false, recursionAvailable, buffer);
        while (length > target && count > 1)
        {
            if (withAuthority && answer.Authority.Count > 0)
            {
                withAuthority = false;
                length = Encode(writer, request, answer, count, withAuthority, true, false, recursionAvailable, buffer);
                continue;
            }

            // Largest prefix of answers that fits (sizes grow with the count, so a binary search finds it).
            int lo = 1, hi = count - 1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) / 2;
                if (Encode(writer, request, answer, mid, withAuthority, true, false, recursionAvailable, buffer) <= target)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            count = lo;
            length = Encode(writer, request, answer, count, withAuthority, true, false, recursionAvailable, buffer);
        }

        var trimmed = count < total;
        if (trimmed && request.Type == DnsConstants.TypeSrv)
        {
            SyncAdditional(answer, count);
        }

        var tc = trimmed && _options.EnableTruncate && !tcp;
        length = Encode(writer, request, answer, count, withAuthority, true, tc, recursionAvailable, buffer);
        if (length > max)
        {
            length = Encode(writer, request, answer, count, withAuthority: false, withAdditional: false, tc, recursionAvailable, buffer);
        }

        if (length > max)
        {
            trimmed = true;
            count = 0;
            length = Encode(writer, request, answer, 0, withAuthority: false, withAdditional: false, truncated: !tcp, recursionAvailable, buffer);
        }

        if (trimmed && _log.IsEnabled(LogLevel.Debug))
        {
            Log.Truncated(_log, tcp ? "tcp" : "udp", request.Name, count, total, length);
        }

        return length;
    }

    private static void SyncAdditional(DnsAnswer answer, int count)
    {
        var targets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            targets.Add(answer.Answers[i].Target);
        }

        answer.Additional.RemoveAll(r => !targets.Contains(r.Name));
    }

    private int Encode(DnsWriter w, in DnsRequest request, DnsAnswer answer, int count, bool withAuthority, bool withAdditional, bool truncated, bool recursionAvailable, byte[] buffer)
    {
        w.Reset(buffer, buffer.Length);
        var flags = 0x8000 | (request.Flags & 0x7800) | (request.Flags & 0x0100) | (answer.Rcode & 0xF);
        if (answer.Authoritative)
        {
            flags |= 0x0400;
        }

        if (truncated)
        {
            flags |= 0x0200;
        }

        if (recursionAvailable)
        {
            flags |= 0x0080;
        }

        var ns = withAuthority ? answer.Authority.Count : 0;
        var ar = (withAdditional ? answer.Additional.Count : 0) + (request.HasEdns ? 1 : 0);
        w.WriteHeader(request.Id, (ushort)flags, 1, count, ns, ar);
        w.WriteQuestion(request.Name, request.Type, request.Class);
        for (var i = 0; i < count; i++)
        {
            w.WriteRecord(answer.Answers[i]);
        }

        for (var i = 0; i < ns; i++)
        {
            w.WriteRecord(answer.Authority[i]);
        }

        if (withAdditional)
        {
            foreach (var r in answer.Additional)
            {
                w.WriteRecord(r);
            }
        }

        if (request.HasEdns)
        {
            w.WriteOpt(Math.Max(request.EdnsSize, (ushort)DnsConstants.DefaultUdpSize));
        }

        return w.Overflow ? int.MaxValue : w.Length;
    }

    /// <summary>A header-only reply (FORMERR, NOTIMP, ...) for a packet whose question could not be used.</summary>
    public static int WriteHeaderOnly(ReadOnlySpan<byte> requestPacket, int rcode, bool recursionAvailable, Span<byte> buffer)
    {
        var id = BinaryPrimitives.ReadUInt16BigEndian(requestPacket);
        var reqFlags = BinaryPrimitives.ReadUInt16BigEndian(requestPacket[2..]);
        var flags = 0x8000 | (reqFlags & 0x7800) | (reqFlags & 0x0100) | (rcode & 0xF) | (recursionAvailable ? 0x0080 : 0);
        buffer[..DnsConstants.HeaderSize].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)flags);
        return DnsConstants.HeaderSize;
    }
}
