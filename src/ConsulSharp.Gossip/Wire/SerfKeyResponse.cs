namespace ConsulSharp.Gossip.Wire;

internal sealed record SerfKeyResponse(bool Result, string Message, IReadOnlyList<string> Keys, string PrimaryKey)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(4);
        w.WriteString("Keys");
        w.WriteArrayHeader(Keys.Count);
        foreach (var k in Keys)
        {
            w.WriteString(k);
        }

        w.WriteString("Message");
        w.WriteString(Message);
        w.WriteString("PrimaryKey");
        w.WriteString(PrimaryKey);
        w.WriteString("Result");
        w.WriteBool(Result);
    }

    public static SerfKeyResponse Decode(ref MsgReader r)
    {
        var result = false;
        string message = string.Empty, primary = string.Empty;
        var keys = new List<string>();
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "Result": result = r.ReadBool(); break;
                case "Message": message = r.ReadString(); break;
                case "PrimaryKey": primary = r.ReadString(); break;
                case "Keys":
                    {
                        var count = r.ReadArrayHeader();
                        for (var j = 0; j < count; j++)
                        {
                            keys.Add(r.ReadString());
                        }

                        break;
                    }

                default: r.Skip(); break;
            }
        }

        return new SerfKeyResponse(result, message, keys, primary);
    }
}
