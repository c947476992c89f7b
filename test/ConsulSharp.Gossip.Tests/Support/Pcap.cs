using System.Buffers.Binary;

namespace ConsulSharp.Gossip.Tests.Support;

/// <summary>Minimal classic-pcap reader (Ethernet / Linux cooked / raw IPv4; UDP and TCP payloads).</summary>
internal static class Pcap
{
    public static string ReferencePath(string file) => Path.Combine("/work/shared/reference/gossip", file);

    public static List<PcapSegment> Read(string path)
    {
        var data = File.ReadAllBytes(path);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var little = magic is 0xA1B2C3D4 or 0xA1B23C4D;
        uint U32(int offset) => little ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
        var linkType = U32(20);
        var result = new List<PcapSegment>();
        var pos = 24;
        while (pos + 16 <= data.Length)
        {
            var included = (int)U32(pos + 8);
            var packet = data.AsSpan(pos + 16, included);
            pos += 16 + included;
            ReadOnlySpan<byte> ip = linkType switch
            {
                1 => BinaryPrimitives.ReadUInt16BigEndian(packet[12..]) == 0x0800 ? packet[14..] : [],
                113 => packet[16..],
                _ => packet,
            };
            if (ip.Length < 20 || (ip[0] >> 4) != 4)
            {
                continue;
            }

            var ihl = (ip[0] & 0x0F) * 4;
            var total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            var protocol = ip[9];
            var l4 = ip[ihl..total];
            var src = $"{ip[12]}.{ip[13]}.{ip[14]}.{ip[15]}";
            var dst = $"{ip[16]}.{ip[17]}.{ip[18]}.{ip[19]}";
            var sp = BinaryPrimitives.ReadUInt16BigEndian(l4);
            var dp = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
            if (protocol == 17)
            {
                result.Add(new PcapSegment(false, $"{src}:{sp}", $"{dst}:{dp}", l4[8..].ToArray()));
            }
            else if (protocol == 6)
            {
                var offset = (l4[12] >> 4) * 4;
                result.Add(new PcapSegment(true, $"{src}:{sp}", $"{dst}:{dp}", l4[offset..].ToArray()));
            }
        }

        return result;
    }

    /// <summary>UDP payloads in capture order.</summary>
    public static List<PcapSegment> UdpPackets(string path) => [.. Read(path).Where(s => !s.Tcp && s.Payload.Length > 0)];

    /// <summary>TCP streams (one per direction), payloads concatenated in capture order.</summary>
    public static List<PcapSegment> TcpStreams(string path)
    {
        var order = new List<string>();
        var streams = new Dictionary<string, List<byte>>();
        var ends = new Dictionary<string, (string Src, string Dst)>();
        foreach (var s in Read(path).Where(s => s.Tcp))
        {
            var key = s.Source + ">" + s.Destination;
            if (!streams.TryGetValue(key, out var bytes))
            {
                streams[key] = bytes = [];
                order.Add(key);
                ends[key] = (s.Source, s.Destination);
            }

            bytes.AddRange(s.Payload);
        }

        return [.. order.Where(k => streams[k].Count > 0).Select(k => new PcapSegment(true, ends[k].Src, ends[k].Dst, [.. streams[k]]))];
    }
}
