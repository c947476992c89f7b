namespace ConsulSharp.Gossip.Wire;

internal sealed record NackResponse(uint SeqNo)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(1);
        w.WriteString("SeqNo");
        w.WriteUInt(SeqNo);
    }

    public static NackResponse Decode(ref MsgReader r)
    {
        uint seq = 0;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            if (r.ReadString() == "SeqNo")
            {
                seq = r.ReadUInt32();
            }
            else
            {
                r.Skip();
            }
        }

        return new NackResponse(seq);
    }
}
