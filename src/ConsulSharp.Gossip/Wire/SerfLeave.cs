namespace ConsulSharp.Gossip.Wire;

internal sealed record SerfLeave(ulong LTime, string Node, bool Prune)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(3);
        w.WriteString("LTime");
        w.WriteUInt(LTime);
        w.WriteString("Node");
        w.WriteString(Node);
        w.WriteString("Prune");
        w.WriteBool(Prune);
    }

    public static SerfLeave Decode(ref MsgReader r)
    {
        ulong ltime = 0;
        var node = string.Empty;
        var prune = false;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "LTime": ltime = r.ReadUInt64(); break;
                case "Node": node = r.ReadString(); break;
                case "Prune": prune = r.ReadBool(); break;
                default: r.Skip(); break;
            }
        }

        return new SerfLeave(ltime, node, prune);
    }
}
