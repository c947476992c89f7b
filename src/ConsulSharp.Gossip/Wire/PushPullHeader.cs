namespace ConsulSharp.Gossip.Wire;

internal sealed record PushPullHeader(int Nodes, int UserStateLen, bool Join)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(3);
        w.WriteString("Join");
        w.WriteBool(Join);
        w.WriteString("Nodes");
        w.WriteInt(Nodes);
        w.WriteString("UserStateLen");
        w.WriteInt(UserStateLen);
    }

    public static PushPullHeader Decode(ref MsgReader r)
    {
        long nodes = 0, userStateLen = 0;
        var join = false;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "Nodes": nodes = r.ReadInt64(); break;
                case "UserStateLen": userStateLen = r.ReadInt64(); break;
                case "Join": join = r.ReadBool(); break;
                default: r.Skip(); break;
            }
        }

        if (nodes is < 0 or > 1 << 20 || userStateLen is < 0 or > 40 << 20)
        {
            throw new GossipFormatException("push/pull header out of range");
        }

        return new PushPullHeader((int)nodes, (int)userStateLen, join);
    }
}
