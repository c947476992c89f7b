namespace ConsulSharp.Gossip.Wire;

internal sealed record AckResponse(uint SeqNo, byte[]? Payload)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(2);
        w.WriteString("Payload");
        w.WriteRawOrNil(Payload);
        w.WriteString("SeqNo");
        w.WriteUInt(SeqNo);
    }

    public static AckResponse Decode(ref MsgReader r)
    {
        uint seq = 0;
        byte[]? payload = null;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "SeqNo": seq = r.ReadUInt32(); break;
                case "Payload": payload = r.ReadBytesOrNull(); break;
                default: r.Skip(); break;
            }
        }

        return new AckResponse(seq, payload);
    }
}
