namespace ConsulSharp.Gossip.Wire;

internal sealed record SerfUserEvent(ulong LTime, string Name, byte[] Payload, bool CC)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(4);
        w.WriteString("CC");
        w.WriteBool(CC);
        w.WriteString("LTime");
        w.WriteUInt(LTime);
        w.WriteString("Name");
        w.WriteString(Name);
        w.WriteString("Payload");
        w.WriteRaw(Payload);
    }

    public static SerfUserEvent Decode(ref MsgReader r)
    {
        ulong ltime = 0;
        var name = string.Empty;
        byte[]? payload = null;
        var cc = false;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "LTime": ltime = r.ReadUInt64(); break;
                case "Name": name = r.ReadString(); break;
                case "Payload": payload = r.ReadBytesOrNull(); break;
                case "CC": cc = r.ReadBool(); break;
                default: r.Skip(); break;
            }
        }

        return new SerfUserEvent(ltime, name, payload ?? [], cc);
    }
}
