namespace ConsulSharp.Gossip.Wire;

/// <summary>One slot of serf's event ring: every distinct event seen at one Lamport time.</summary>
internal sealed record SerfUserEvents(ulong LTime, IReadOnlyList<(string Name, byte[] Payload)> Events)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(2);
        w.WriteString("Events");
        w.WriteArrayHeader(Events.Count);
        foreach (var (name, payload) in Events)
        {
            w.WriteMapHeader(2);
            w.WriteString("Name");
            w.WriteString(name);
            w.WriteString("Payload");
            w.WriteRaw(payload);
        }

        w.WriteString("LTime");
        w.WriteUInt(LTime);
    }

    public static SerfUserEvents Decode(ref MsgReader r)
    {
        ulong ltime = 0;
        var events = new List<(string, byte[])>();
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "LTime": ltime = r.ReadUInt64(); break;
                case "Events":
                    {
                        var count = r.ReadArrayHeader();
                        for (var j = 0; j < count; j++)
                        {
                            var name = string.Empty;
                            byte[]? payload = null;
                            var fields = r.ReadMapHeader();
                            for (var k = 0; k < fields; k++)
                            {
                                switch (r.ReadString())
                                {
                                    case "Name": name = r.ReadString(); break;
                                    case "Payload": payload = r.ReadBytesOrNull(); break;
                                    default: r.Skip(); break;
                                }
                            }

                            events.Add((name, payload ?? []));
                        }

                        break;
                    }

                default: r.Skip(); break;
            }
        }

        return new SerfUserEvents(ltime, events);
    }
}
