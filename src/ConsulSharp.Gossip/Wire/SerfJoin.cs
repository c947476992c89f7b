namespace ConsulSharp.Gossip.Wire;

internal sealed record SerfJoin(ulong LTime, string Node)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(2);
        w.WriteString("LTime");
        w.WriteUInt(LTime);
        w.WriteString("Node");
        w.WriteString(Node);
    }

    public static SerfJoin Decode(ref MsgReader r)
    {
        ulong ltime = 0;
        var node = string.Empty;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "LTime": ltime = r.ReadUInt64(); break;
                case "Node": node = r.ReadString(); break;
                default: r.Skip(); break;
            }
        }

        return new SerfJoin(ltime, node);
    }
}
