using System.Text;

namespace ConsulSharp.Raft;

/// <summary>An immutable cluster membership. Encoded into <see cref="LogEntryType.Configuration"/> entries and snapshots.</summary>
public sealed class RaftConfiguration : IEquatable<RaftConfiguration>
{
    private const byte FormatVersion = 1;

    public RaftConfiguration(IEnumerable<RaftServer> servers)
    {
        var list = new List<RaftServer>();
        foreach (var s in servers)
        {
            if (list.Exists(x => x.Id == s.Id))
            {
                throw new ArgumentException($"duplicate server id '{s.Id}'", nameof(servers));
            }

            list.Add(s);
        }

        Servers = list;
    }

    public static RaftConfiguration Empty { get; } = new([]);

    public IReadOnlyList<RaftServer> Servers { get; }

    public IEnumerable<RaftServer> Voters => Servers.Where(s => s.IsVoter);

    public int VoterCount => Servers.Count(s => s.IsVoter);

    public RaftServer? Find(string id)
    {
        foreach (var s in Servers)
        {
            if (s.Id == id)
            {
                return s;
            }
        }

        return null;
    }

    public bool IsVoter(string id) => Find(id)?.IsVoter == true;

    public bool Contains(string id) => Find(id) is not null;

    /// <summary>Returns a copy with <paramref name="server"/> added, or replacing the server with the same id.</summary>
    public RaftConfiguration With(RaftServer server)
    {
        var list = Servers.Where(s => s.Id != server.Id).ToList();
        list.Add(server);
        return new RaftConfiguration(list);
    }

    public RaftConfiguration Without(string id) => new(Servers.Where(s => s.Id != id));

    public byte[] Encode()
    {
        using var ms = new MemoryStream();
        ms.WriteByte(FormatVersion);
        WriteVarint(ms, (ulong)Servers.Count);
        foreach (var s in Servers)
        {
            ms.WriteByte((byte)s.Suffrage);
            WriteString(ms, s.Id);
            WriteString(ms, s.Address);
        }

        return ms.ToArray();
    }

    public static RaftConfiguration Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data[0] != FormatVersion)
        {
            throw new InvalidDataException("unknown raft configuration format");
        }

        var pos = 1;
        var count = (int)ReadVarint(data, ref pos);
        var list = new List<RaftServer>(count);
        for (var i = 0; i < count; i++)
        {
            var suffrage = (ServerSuffrage)data[pos++];
            var id = ReadString(data, ref pos);
            var address = ReadString(data, ref pos);
            list.Add(new RaftServer(id, address, suffrage));
        }

        return new RaftConfiguration(list);
    }

    public bool Equals(RaftConfiguration? other) =>
        other is not null && other.Servers.Count == Servers.Count && Servers.All(s => other.Find(s.Id) == s);

    public override bool Equals(object? obj) => Equals(obj as RaftConfiguration);

    public override int GetHashCode() => Servers.Count;

    public override string ToString() =>
        "[" + string.Join(", ", Servers.Select(s => $"{s.Id}@{s.Address}{(s.IsVoter ? string.Empty : "(nonvoter)")}")) + "]";

    private static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }

        s.WriteByte((byte)v);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> d, ref int pos)
    {
        ulong v = 0;
        var shift = 0;
        while (true)
        {
            var b = d[pos++];
            v |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return v;
            }

            shift += 7;
        }
    }

    private static void WriteString(Stream s, string v)
    {
        var bytes = Encoding.UTF8.GetBytes(v);
        WriteVarint(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    private static string ReadString(ReadOnlySpan<byte> d, ref int pos)
    {
        var len = (int)ReadVarint(d, ref pos);
        var s = Encoding.UTF8.GetString(d.Slice(pos, len));
        pos += len;
        return s;
    }
}
