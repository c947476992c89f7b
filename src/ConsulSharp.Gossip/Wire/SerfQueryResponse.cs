namespace ConsulSharp.Gossip.Wire;

internal sealed record SerfQueryResponse(ulong LTime, uint Id, string From, uint Flags, byte[]? Payload)
{
    public bool IsAck => (Flags & SerfQuery.FlagAck) != 0;

    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(5);
        w.WriteString("Flags");
        w.WriteUInt(Flags);
        w.WriteString("From");
        w.WriteString(From);
        w.WriteString("ID");
        w.WriteUInt(Id);
        w.WriteString("LTime");
        w.WriteUInt(LTime);
        w.WriteString("Payload");
        w.WriteRawOrNil(Payload);
    }

    public static SerfQueryResponse Decode(ref MsgReader r)
    {
        ulong ltime = 0;
        uint id = 0, flags = 0;
        var from = string.Empty;
        byte[]? payload = null;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "LTime": ltime = r.ReadUInt64(); break;
                case "ID": id = r.ReadUInt32(); break;
                case "From": from = r.ReadString(); break;
                case "Flags": flags = r.ReadUInt32(); break;
                case "Payload": payload = r.ReadBytesOrNull(); break;
                default: r.Skip(); break;
            }
        }

        return new SerfQueryResponse(ltime, id, from, flags, payload);
    }
}
