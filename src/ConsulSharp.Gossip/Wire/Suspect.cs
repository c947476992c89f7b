namespace ConsulSharp.Gossip.Wire;

/// <summary>Body shared by suspect (3) and dead (5): an accusation by <paramref name="From"/>.</summary>
internal sealed record Suspect(uint Incarnation, string Node, string From)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(3);
        w.WriteString("From");
        w.WriteString(From);
        w.WriteString("Incarnation");
        w.WriteUInt(Incarnation);
        w.WriteString("Node");
        w.WriteString(Node);
    }

    public static Suspect Decode(ref MsgReader r)
    {
        uint incarnation = 0;
        string node = string.Empty, from = string.Empty;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "Incarnation": incarnation = r.ReadUInt32(); break;
                case "Node": node = r.ReadString(); break;
                case "From": from = r.ReadString(); break;
                default: r.Skip(); break;
            }
        }

        return new Suspect(incarnation, node, from);
    }
}
