using System.Net;

namespace ConsulSharp.Dns;

/// <summary>
/// One resource record of an answer, in a flat shape the writer encodes without boxing: which fields are used depends
/// on <see cref="Type"/> (address for A/AAAA, <see cref="Target"/> for CNAME/PTR/NS/SRV, texts for TXT, SOA numbers).
/// </summary>
internal sealed class DnsRecord
{
    private DnsRecord(string name, ushort type, uint ttl)
    {
        Name = name;
        Type = type;
        Ttl = ttl;
    }

    public string Name { get; }

    public ushort Type { get; }

    public uint Ttl { get; }

    public IPAddress? Address { get; private init; }

    public string Target { get; private init; } = "";

    public ushort Priority { get; private init; }

    public ushort Weight { get; private init; }

    public ushort Port { get; private init; }

    public IReadOnlyList<string> Texts { get; private init; } = [];

    public string Mailbox { get; private init; } = "";

    public uint Serial { get; private init; }

    public uint Refresh { get; private init; }

    public uint Retry { get; private init; }

    public uint Expire { get; private init; }

    public uint Minimum { get; private init; }

    public static DnsRecord ForAddress(string name, IPAddress address, uint ttl) =>
        new(name, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DnsConstants.TypeAaaa : DnsConstants.TypeA, ttl)
        {
            Address = address,
        };

    public static DnsRecord ForName(string name, ushort type, string target, uint ttl) => new(name, type, ttl) { Target = target };

    public static DnsRecord ForSrv(string name, ushort priority, ushort weight, ushort port, string target, uint ttl) =>
        new(name, DnsConstants.TypeSrv, ttl) { Priority = priority, Weight = weight, Port = port, Target = target };

    public static DnsRecord ForTxt(string name, IReadOnlyList<string> texts, uint ttl) => new(name, DnsConstants.TypeTxt, ttl) { Texts = texts };

    public static DnsRecord ForSoa(string name, string primary, string mailbox, uint serial, DnsOptions o) =>
        new(name, DnsConstants.TypeSoa, o.SoaMinTtl)
        {
            Target = primary,
            Mailbox = mailbox,
            Serial = serial,
            Refresh = o.SoaRefresh,
            Retry = o.SoaRetry,
            Expire = o.SoaExpire,
            Minimum = o.SoaMinTtl,
        };
}
