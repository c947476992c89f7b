namespace ConsulSharp.Gossip.Wire;

/// <summary>One node in a push/pull exchange. <see cref="State"/>: 0 alive, 1 suspect, 2 dead, 3 left.</summary>
internal sealed record PushNodeState(string Name, byte[] Addr, ushort Port, byte[] Meta, uint Incarnation, int State, byte[] Vsn)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(7);
        w.WriteString("Addr");
        w.WriteRaw(Addr);
        w.WriteString("Incarnation");
        w.WriteUInt(Incarnation);
        w.WriteString("Meta");
        w.WriteRaw(Meta);
        w.WriteString("Name");
        w.WriteString(Name);
        w.WriteString("Port");
        w.WriteUInt(Port);
        w.WriteString("State");
        w.WriteInt(State);
        w.WriteString("Vsn");
        w.WriteRaw(Vsn);
    }

    public static PushNodeState Decode(ref MsgReader r)
    {
        uint incarnation = 0;
        var name = string.Empty;
        byte[]? addr = null, meta = null, vsn = null;
        ushort port = 0;
        var state = 0;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "Name": name = r.ReadString(); break;
                case "Addr": addr = r.ReadBytesOrNull(); break;
                case "Port": port = (ushort)r.ReadUInt64(); break;
                case "Meta": meta = r.ReadBytesOrNull(); break;
                case "Incarnation": incarnation = r.ReadUInt32(); break;
                case "State": state = (int)r.ReadInt64(); break;
                case "Vsn": vsn = r.ReadBytesOrNull(); break;
                default: r.Skip(); break;
            }
        }

        return new PushNodeState(name, addr ?? [], port, meta ?? [], incarnation, state, vsn ?? []);
    }
}
