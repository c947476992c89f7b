namespace ConsulSharp.Gossip.Wire;

internal sealed record IndirectPingRequest(uint SeqNo, byte[] Target, ushort Port, string Node, bool Nack, byte[]? SourceAddr = null, ushort SourcePort = 0, string SourceNode = "")
{
    public void Encode(MsgWriter w)
    {
        var hasAddr = SourceAddr is { Length: > 0 };
        var hasPort = SourcePort != 0;
        var hasNode = SourceNode.Length > 0;
        w.WriteMapHeader(5 + (hasAddr ? 1 : 0) + (hasPort ? 1 : 0) + (hasNode ? 1 : 0));
        w.WriteString("Nack");
        w.WriteBool(Nack);
        w.WriteString("Node");
        w.WriteString(Node);
        w.WriteString("Port");
        w.WriteUInt(Port);
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

        w.WriteString("Target");
        w.WriteRaw(Target);
    }

    public static IndirectPingRequest Decode(ref MsgReader r)
    {
        uint seq = 0;
        string node = string.Empty, sourceNode = string.Empty;
        byte[]? addr = null, target = null;
        ushort port = 0, sourcePort = 0;
        var nack = false;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "SeqNo": seq = r.ReadUInt32(); break;
                case "Target": target = r.ReadBytesOrNull(); break;
                case "Port": port = (ushort)r.ReadUInt64(); break;
                case "Node": node = r.ReadString(); break;
                case "Nack": nack = r.ReadBool(); break;
                case "SourceAddr": addr = r.ReadBytesOrNull(); break;
                case "SourcePort": sourcePort = (ushort)r.ReadUInt64(); break;
                case "SourceNode": sourceNode = r.ReadString(); break;
                default: r.Skip(); break;
            }
        }

        return new IndirectPingRequest(seq, target ?? [], port, node, nack, addr, sourcePort, sourceNode);
    }
}
