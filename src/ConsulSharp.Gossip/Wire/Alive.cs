namespace ConsulSharp.Gossip.Wire;

internal sealed record Alive(uint Incarnation, string Node, byte[] Addr, ushort Port, byte[] Meta, byte[] Vsn)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(6);
        w.WriteString("Addr");
        w.WriteRaw(Addr);
        w.WriteString("Incarnation");
        w.WriteUInt(Incarnation);
        w.WriteString("Meta");
        w.WriteRaw(Meta);
        w.WriteString("Node");
        w.WriteString(Node);
        w.WriteString("Port");
        w.WriteUInt(Port);
        w.WriteString("Vsn");
        w.WriteRaw(Vsn);
    }

    public static Alive Decode(ref MsgReader r)
    {
        uint incarnation = 0;
        var node = string.Empty;
        byte[]? addr = null, meta = null, vsn = null;
        ushort port = 0;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "Incarnation": incarnation = r.ReadUInt32(); break;
                case "Node": node = r.ReadString(); break;
                case "Addr": addr = r.ReadBytesOrNull(); break;
                case "Port": port = (ushort)r.ReadUInt64(); break;
                case "Meta": meta = r.ReadBytesOrNull(); break;
                case "Vsn": vsn = r.ReadBytesOrNull(); break;
                default: r.Skip(); break;
            }
        }

        return new Alive(incarnation, node, addr ?? [], port, meta ?? [], vsn ?? []);
    }
}
