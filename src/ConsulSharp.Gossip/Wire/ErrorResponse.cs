namespace ConsulSharp.Gossip.Wire;

internal sealed record ErrorResponse(string Error)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(1);
        w.WriteString("Error");
        w.WriteString(Error);
    }

    public static ErrorResponse Decode(ref MsgReader r)
    {
        var error = string.Empty;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            if (r.ReadString() == "Error")
            {
                error = r.ReadString();
            }
            else
            {
                r.Skip();
            }
        }

        return new ErrorResponse(error);
    }
}
