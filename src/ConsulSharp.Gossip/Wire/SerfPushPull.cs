namespace ConsulSharp.Gossip.Wire;

/// <summary>serf's push/pull user state. <see cref="Events"/> holds the non-empty slots of the event ring.</summary>
internal sealed record SerfPushPull(
    ulong LTime,
    IReadOnlyDictionary<string, ulong> StatusLTimes,
    IReadOnlyList<string> LeftMembers,
    ulong EventLTime,
    IReadOnlyList<SerfUserEvents> Events,
    ulong QueryLTime)
{
    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(6);
        w.WriteString("EventLTime");
        w.WriteUInt(EventLTime);
        w.WriteString("Events");
        w.WriteArrayHeader(Events.Count);
        foreach (var e in Events)
        {
            e.Encode(w);
        }

        w.WriteString("LTime");
        w.WriteUInt(LTime);
        w.WriteString("LeftMembers");
        w.WriteArrayHeader(LeftMembers.Count);
        foreach (var m in LeftMembers)
        {
            w.WriteString(m);
        }

        w.WriteString("QueryLTime");
        w.WriteUInt(QueryLTime);
        w.WriteString("StatusLTimes");
        w.WriteMapHeader(StatusLTimes.Count);
        foreach (var (name, time) in StatusLTimes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(name);
            w.WriteUInt(time);
        }
    }

    public static SerfPushPull Decode(ref MsgReader r)
    {
        ulong ltime = 0, eventLTime = 0, queryLTime = 0;
        var status = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var left = new List<string>();
        var events = new List<SerfUserEvents>();
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "LTime": ltime = r.ReadUInt64(); break;
                case "EventLTime": eventLTime = r.ReadUInt64(); break;
                case "QueryLTime": queryLTime = r.ReadUInt64(); break;
                case "StatusLTimes":
                    {
                        var count = r.ReadMapHeader();
                        for (var j = 0; j < count; j++)
                        {
                            var name = r.ReadString();
                            status[name] = r.ReadUInt64();
                        }

                        break;
                    }

                case "LeftMembers":
                    {
                        var count = r.ReadArrayHeader();
                        for (var j = 0; j < count; j++)
                        {
                            left.Add(r.ReadString());
                        }

                        break;
                    }

                case "Events":
                    {
                        var count = r.ReadArrayHeader();
                        for (var j = 0; j < count; j++)
                        {
                            if (!r.TryReadNil())
                            {
                                events.Add(SerfUserEvents.Decode(ref r));
                            }
                        }

                        break;
                    }

                default: r.Skip(); break;
            }
        }

        return new SerfPushPull(ltime, status, left, eventLTime, events, queryLTime);
    }
}
