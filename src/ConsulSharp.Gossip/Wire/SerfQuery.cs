namespace ConsulSharp.Gossip.Wire;

/// <summary>serf query. Flags bit 0 = ack requested, bit 1 = do not rebroadcast. Timeout in nanoseconds.</summary>
internal sealed record SerfQuery(
    ulong LTime,
    uint Id,
    byte[] Addr,
    ushort Port,
    string SourceNode,
    IReadOnlyList<byte[]>? Filters,
    uint Flags,
    byte RelayFactor,
    long TimeoutNanos,
    string Name,
    byte[] Payload)
{
    public const uint FlagAck = 1;
    public const uint FlagNoBroadcast = 2;

    public void Encode(MsgWriter w)
    {
        w.WriteMapHeader(11);
        w.WriteString("Addr");
        w.WriteRaw(Addr);
        w.WriteString("Filters");
        if (Filters is null)
        {
            w.WriteNil();
        }
        else
        {
            w.WriteArrayHeader(Filters.Count);
            foreach (var f in Filters)
            {
                w.WriteRaw(f);
            }
        }

        w.WriteString("Flags");
        w.WriteUInt(Flags);
        w.WriteString("ID");
        w.WriteUInt(Id);
        w.WriteString("LTime");
        w.WriteUInt(LTime);
        w.WriteString("Name");
        w.WriteString(Name);
        w.WriteString("Payload");
        w.WriteRaw(Payload);
        w.WriteString("Port");
        w.WriteUInt(Port);
        w.WriteString("RelayFactor");
        w.WriteUInt(RelayFactor);
        w.WriteString("SourceNode");
        w.WriteString(SourceNode);
        w.WriteString("Timeout");
        w.WriteInt(TimeoutNanos);
    }

    public static SerfQuery Decode(ref MsgReader r)
    {
        ulong ltime = 0;
        uint id = 0, flags = 0;
        byte[]? addr = null, payload = null;
        ushort port = 0;
        string sourceNode = string.Empty, name = string.Empty;
        List<byte[]>? filters = null;
        byte relay = 0;
        long timeout = 0;
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "LTime": ltime = r.ReadUInt64(); break;
                case "ID": id = r.ReadUInt32(); break;
                case "Addr": addr = r.ReadBytesOrNull(); break;
                case "Port": port = (ushort)r.ReadUInt64(); break;
                case "SourceNode": sourceNode = r.ReadString(); break;
                case "Filters":
                    if (!r.TryReadNil())
                    {
                        var count = r.ReadArrayHeader();
                        filters = new List<byte[]>(Math.Min(count, 64));
                        for (var j = 0; j < count; j++)
                        {
                            filters.Add(r.ReadBytesOrNull() ?? []);
                        }
                    }

                    break;
                case "Flags": flags = r.ReadUInt32(); break;
                case "RelayFactor": relay = (byte)r.ReadUInt64(); break;
                case "Timeout": timeout = r.ReadInt64(); break;
                case "Name": name = r.ReadString(); break;
                case "Payload": payload = r.ReadBytesOrNull(); break;
                default: r.Skip(); break;
            }
        }

        return new SerfQuery(ltime, id, addr ?? [], port, sourceNode, filters, flags, relay, timeout, name, payload ?? []);
    }
}
