namespace ConsulSharp.Gossip.Wire;

/// <summary>serf tags in node meta: <c>FF</c> + msgpack map string→string (protocol ≥ 3); other meta = the "role" tag.</summary>
internal static class Tags
{
    public const byte Magic = 0xFF;

    public static byte[] Encode(IReadOnlyDictionary<string, string> tags)
    {
        var w = new MsgWriter();
        w.WriteByte(Magic);
        w.WriteMapHeader(tags.Count);
        foreach (var (k, v) in tags.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(k);
            w.WriteString(v);
        }

        return w.ToArray();
    }

    public static Dictionary<string, string> Decode(ReadOnlySpan<byte> meta)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (meta.Length == 0)
        {
            return tags;
        }

        if (meta[0] != Magic)
        {
            tags["role"] = System.Text.Encoding.UTF8.GetString(meta);
            return tags;
        }

        var r = new MsgReader(meta[1..]);
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            var k = r.ReadString();
            tags[k] = r.ReadString();
        }

        return tags;
    }
}
