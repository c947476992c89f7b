namespace ConsulSharp.Gossip.Wire;

internal sealed record Ping(uint SeqNo, string Node, byte[]? SourceAddr = null, ushort SourcePort = 0, string SourceNode = "")
{
    public void Encode(MsgWriter w)
    {
        var hasAddr = SourceAddr is { Length: > 0 };
        var hasPort = SourcePort != 0;
        var hasNode = SourceNode.Length > 0;
        w.WriteMapHeader(2 + (hasAddr ? 1 : 0) + (hasPort ? 1 : 0) + (hasNode ? 1 : 0));
        w.WriteString("Node");
        w.WriteString(Node);
        w.WriteString("SeqNo");
        w.WriteUInt(SeqNo);
        if (hasAddr)
        {
            w.WriteString("SourceAddr");
            w.WriteRaw(SourceAddr);
        }

        if (hasNode)
        {
            w.WriteString("SourceNode");
            w.WriteString(SourceNode);
        }

        if (hasPort)
        {
            w.WriteString("SourcePort");
            w.WriteUInt(SourcePort);
        }
    }

    public static Ping Decode(ref MsgReader r)
    {
        uint seq = 0;
        string node = string.Empty, sourceNode = string.Empty;
        byte[]? addr = null;
        ushort port = 0;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "SeqNo": seq = r.ReadUInt32(); break;
                case "Node": node = r.ReadString(); break;
                case "SourceAddr": addr = r.ReadBytesOrNull(); break;
                case "SourcePort": port = (ushort)r.ReadUInt64(); break;
                case "SourceNode": sourceNode = r.ReadString(); break;
                default: r.Skip(); break;
            }
        }

        return new Ping(seq, node, addr, port, sourceNode);
    }
}
