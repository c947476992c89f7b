using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ConsulSharp.Core.Structs;
using ConsulSharp.State;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Dns;

/// <summary>
/// Turns one question into answer sections from an <see cref="IDnsCatalog"/> (the local state store on servers, stale
/// reads from a server on client agents and for other datacenters): zone matching, Consul's label dispatch (service, node, addr, RFC 2782), health filtering, shuffling, TTLs, SOA/NS
/// and PTR. Encoding and truncation are left to <see cref="DnsResponseWriter"/>.
/// </summary>
internal sealed partial class DnsResolver
{
    private static readonly string[] Keywords = ["service", "connect", "virtual", "ingress", "node", "query", "addr"];

    private readonly DnsOptions _options;
    private readonly IDnsCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly string _domain;
    private readonly string? _altDomain;
    private readonly string _datacenter;
    private readonly DnsAcl? _acl;

    /// <summary>A resolver over this agent's own state store only (no other datacenters).</summary>
    public DnsResolver(DnsOptions options, Func<StateSnapshot?> state, TimeProvider time, ILogger log)
        : this(options, new LocalDnsCatalog(state, options.Datacenter, options.OnlyPassing), time, log)
    {
    }

    /// <summary><paramref name="acl"/> (ACLs enabled) filters service and node answers with the DNS token's
    /// authorizer; null: no ACL work at all.</summary>
    public DnsResolver(DnsOptions options, IDnsCatalog catalog, TimeProvider time, ILogger log, DnsAcl? acl = null)
    {
        _acl = acl;
        _options = options;
        _catalog = catalog;
        _time = time;
        _log = log;
        _domain = NormalizeDomain(options.Domain);
        _altDomain = string.IsNullOrEmpty(options.AltDomain) ? null : NormalizeDomain(options.AltDomain);
        _datacenter = options.Datacenter.ToLowerInvariant();
    }

    /// <summary>
    /// Answers one question. <paramref name="maxAnswers"/> bounds the service answers built (the writer keeps at most
    /// that many minus one for the transport, see <see cref="DnsResponseWriter.AnswerCap"/>), so a 5,000-instance
    /// service costs a few records per query, not 5,000.
    /// </summary>
    public DnsAnswer Resolve(in DnsRequest request, int maxAnswers = int.MaxValue)
    {
        var qname = request.Name.ToLowerInvariant();
        var zone = MatchZone(qname);
        if (zone is null)
        {
            if (qname.EndsWith(".arpa.", StringComparison.Ordinal))
            {
                return Ptr(request, qname);
            }

            return new DnsAnswer { Recurse = true, Authoritative = false };
        }

        if (request.Class != DnsConstants.ClassIn && request.Class != DnsConstants.ClassAny)
        {
            return DnsAnswer.WithRcode(DnsConstants.RcodeNotImp);
        }

        switch (request.Type)
        {
            case DnsConstants.TypeSoa:
            {
                var a = new DnsAnswer();
                a.Answers.Add(Soa(zone));
                return AddNameServers(zone, a.Authority, a.Additional) ?? a;
            }

            case DnsConstants.TypeNs:
            {
                var a = new DnsAnswer();
                return AddNameServers(zone, a.Answers, a.Additional) ?? a;
            }

            case DnsConstants.TypeAxfr:
                return DnsAnswer.WithRcode(DnsConstants.RcodeNotImp);
            default:
                return Dispatch(request, qname, zone, maxAnswers);
        }
    }

    /// <summary>The answer for a read that has no value yet: wait for it, NXDOMAIN (unknown datacenter) or SERVFAIL.</summary>
    private DnsAnswer? Unready<T>(in DnsRead<T> read, string zone) => read.Status switch
    {
        DnsReadStatus.Ok => null,
        DnsReadStatus.Pending => new DnsAnswer { Pending = read.Pending },
        DnsReadStatus.NoDatacenter => NxDomain(zone),
        _ => DnsAnswer.WithRcode(DnsConstants.RcodeServFail),
    };

    private DnsAnswer Dispatch(in DnsRequest request, string qname, string zone, int maxAnswers)
    {
        var prefix = qname.Length > zone.Length ? qname[..(qname.Length - zone.Length - 1)] : "";
        var labels = prefix.Length == 0 ? [] : prefix.Split('.');
        var kind = "";
        var partsEnd = -1;
        var suffixStart = -1;
        for (var i = labels.Length - 1; i >= 0; i--)
        {
            if (Array.IndexOf(Keywords, labels[i]) >= 0)
            {
                kind = labels[i];
                partsEnd = i;
                suffixStart = i + 1;
                break;
            }

            if (request.Type == DnsConstants.TypeSrv && labels[i].StartsWith('_'))
            {
                kind = "service"; // the "service" label is optional for SRV: _web._tcp.consul
                partsEnd = i + 1;
                suffixStart = i + 1;
                break;
            }
        }

        if (partsEnd < 0)
        {
            return Invalid(zone, qname);
        }

        var parts = labels[..partsEnd];
        var suffixes = labels[suffixStart..];
        if (!TryDatacenter(suffixes, out var dc))
        {
            return Invalid(zone, qname);
        }

        switch (kind)
        {
            case "service":
                if (parts.Length == 0)
                {
                    return Invalid(zone, qname);
                }

                if (parts.Length == 2 && parts[0].StartsWith('_') && parts[1].StartsWith('_'))
                {
                    var tag = parts[1][1..];
                    return ServiceLookup(request, zone, dc, parts[0][1..], tag is "tcp" or "udp" ? null : tag, maxAnswers);
                }

                return ServiceLookup(request, zone, dc, parts[^1], parts.Length >= 2 ? string.Join('.', parts[..^1]) : null, maxAnswers);
            case "node":
                return parts.Length == 0 ? Invalid(zone, qname) : NodeLookup(request, zone, dc, string.Join('.', parts));
            case "addr":
                return parts.Length == 1 ? AddrLookup(request, zone, parts[0]) : Invalid(zone, qname);
            case "query":
                return parts.Length == 0 ? Invalid(zone, qname) : QueryLookup(request, zone, dc, string.Join('.', parts));
            default:
                // connect, ingress and virtual are not served yet: the name does not exist here.
                return NxDomain(zone);
        }
    }

    private DnsAnswer ServiceLookup(in DnsRequest request, string zone, string dc, string service, string? tag, int maxAnswers)
    {
        var read = _catalog.Healthy(dc, service, tag);
        if (Unready(read, zone) is { } unready)
        {
            return unready;
        }

        var healthy = read.Value!;
        if (_acl is not null && healthy.Length > 0)
        {
            var authz = _acl.Current();
            if (Unready(authz, zone) is { } waiting)
            {
                return waiting;
            }

            healthy = DnsAcl.Filter(authz.Value!, healthy);
        }

        if (healthy.Length == 0)
        {
            return NxDomain(zone);
        }

        var ttl = ServiceTtl(service);
        var answer = new DnsAnswer();
        var qtype = request.Type;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        DnsRecord? firstCname = null;
        var addressInstances = 0;

        // A lazy Fisher-Yates shuffle: instances are drawn in uniformly random order, only as many as the reply can hold
        // (maxAnswers), without copying the shared array. `moved` holds the slots whose content was swapped away.
        var moved = new Dictionary<int, int>();
        for (var i = 0; i < healthy.Length && answer.Answers.Count < maxAnswers; i++)
        {
            var j = Random.Shared.Next(i, healthy.Length);
            var pick = moved.TryGetValue(j, out var mj) ? mj : j;
            if (j != i)
            {
                moved[j] = moved.TryGetValue(i, out var mi) ? mi : i;
            }

            var (inst, warning) = healthy[pick];
            var node = inst.Node;
            var svc = inst.Service;
            var address = svc.Address.Length > 0 ? svc.Address : node.Address;
            var ip = IPAddress.TryParse(address, out var parsed) ? parsed : null;
            if (qtype == DnsConstants.TypeSrv)
            {
                string target;
                if (ip is null)
                {
                    target = address.EndsWith('.') ? address : address + ".";
                }
                else if (svc.Address.Length > 0 && svc.Address != node.Address)
                {
                    target = HexAddrName(ip, dc, zone);
                }
                else
                {
                    target = $"{node.Name}.node.{dc}.{zone}";
                }

                if (!IsEncodable(target) || !seen.Add($"{node.Name}:{address}:{svc.Port}"))
                {
                    continue;
                }

                var weight = warning ? svc.Weights.Warning : svc.Weights.Passing;
                answer.Answers.Add(DnsRecord.ForSrv(request.Name, 1, (ushort)Math.Clamp(weight, 0, ushort.MaxValue), (ushort)svc.Port, target, ttl));
                if (ip is not null)
                {
                    answer.Additional.Add(DnsRecord.ForAddress(target, ip, ttl));
                    if (_options.EnableAdditionalNodeMetaTxt && target.StartsWith(node.Name + ".node.", StringComparison.OrdinalIgnoreCase))
                    {
                        AddMetaTxt(node, target, ttl, answer.Additional);
                    }
                }

                continue;
            }

            if (qtype is not (DnsConstants.TypeA or DnsConstants.TypeAaaa or DnsConstants.TypeAny or DnsConstants.TypeTxt))
            {
                continue; // MX, CNAME, ...: the name exists but has no such records (NODATA)
            }

            if (_options.ARecordLimit > 0 && addressInstances >= _options.ARecordLimit)
            {
                break;
            }

            if (ip is null)
            {
                if (address.Length > 0 && qtype != DnsConstants.TypeTxt && firstCname is null)
                {
                    var host = address.EndsWith('.') ? address : address + ".";
                    if (IsEncodable(host))
                    {
                        firstCname = DnsRecord.ForName(request.Name, DnsConstants.TypeCname, host, ttl);
                    }
                }

                continue;
            }

            if (!FamilyFits(qtype, ip) || !seen.Add(ip.ToString()))
            {
                continue;
            }

            answer.Answers.Add(DnsRecord.ForAddress(request.Name, ip, ttl));
            addressInstances++;
        }

        if (answer.Answers.Count == 0 && firstCname is not null)
        {
            answer.Answers.Add(firstCname);
        }

        if (answer.Answers.Count == 0)
        {
            answer.Authority.Add(Soa(zone));
        }

        return answer;
    }

    private DnsAnswer NodeLookup(in DnsRequest request, string zone, string dc, string nodeName)
    {
        var read = _catalog.Node(dc, nodeName);
        if (Unready(read, zone) is { } unready)
        {
            return unready;
        }

        var node = read.Value;
        if (_acl is not null && node is not null)
        {
            var authz = _acl.Current();
            if (Unready(authz, zone) is { } waiting)
            {
                return waiting;
            }

            node = authz.Value!.NodeRead(node.Name) ? node : null;
        }

        if (node is null)
        {
            return NxDomain(zone);
        }

        var qtype = request.Type;
        var answer = new DnsAnswer();
        if (qtype is not (DnsConstants.TypeA or DnsConstants.TypeAaaa or DnsConstants.TypeAny or DnsConstants.TypeTxt))
        {
            return answer; // Consul v1: NOERROR, empty, no SOA
        }

        var ttl = Seconds(_options.NodeTtl);
        if (qtype != DnsConstants.TypeTxt)
        {
            if (IPAddress.TryParse(node.Address, out var ip))
            {
                if (FamilyFits(qtype, ip))
                {
                    answer.Answers.Add(DnsRecord.ForAddress(request.Name, ip, ttl));
                }
            }
            else if (node.Address.Length > 0)
            {
                var host = node.Address.EndsWith('.') ? node.Address : node.Address + ".";
                if (IsEncodable(host))
                {
                    answer.Answers.Add(DnsRecord.ForName(request.Name, DnsConstants.TypeCname, host, ttl));
                }
            }
        }

        if (qtype is DnsConstants.TypeTxt or DnsConstants.TypeAny)
        {
            AddMetaTxt(node, request.Name, ttl, answer.Answers);
        }
        else if (_options.EnableAdditionalNodeMetaTxt)
        {
            AddMetaTxt(node, request.Name, ttl, answer.Additional);
        }

        return answer;
    }

    private DnsAnswer AddrLookup(in DnsRequest request, string zone, string hex)
    {
        if (hex.Length is not (8 or 32))
        {
            return NxDomain(zone);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return NxDomain(zone);
        }

        var ip = new IPAddress(bytes);
        var record = DnsRecord.ForAddress(request.Name, ip, Seconds(_options.NodeTtl));
        var answer = new DnsAnswer();
        var wanted = bytes.Length == 4 ? DnsConstants.TypeA : DnsConstants.TypeAaaa;
        (request.Type == wanted || request.Type == DnsConstants.TypeAny ? answer.Answers : answer.Additional).Add(record);
        return answer;
    }

    private DnsAnswer Ptr(in DnsRequest request, string qname)
    {
        if (ReverseToAddress(qname) is { } ip)
        {
            var read = _catalog.Ptr(ip, _datacenter, _domain);
            if (read.Status == DnsReadStatus.Pending)
            {
                return new DnsAnswer { Pending = read.Pending };
            }

            if (read.Value is { } target)
            {
                var a = new DnsAnswer();
                a.Answers.Add(DnsRecord.ForName(request.Name, DnsConstants.TypePtr, target, 0));
                return a;
            }
        }

        return new DnsAnswer { Recurse = true, Authoritative = false, RcodeWithoutRecursors = DnsConstants.RcodeServFail };
    }

    /// <summary>Adds up to three healthy servers as NS records with glue; an answer instead when the read is not ready.</summary>
    private DnsAnswer? AddNameServers(string zone, List<DnsRecord> into, List<DnsRecord> glue)
    {
        var read = _catalog.NameServers(_datacenter);
        if (Unready(read, zone) is { } unready)
        {
            return unready;
        }

        var instances = read.Value!;
        if (_acl is not null && instances.Length > 0)
        {
            // Consul looks the servers up with the DNS token too: NS records only for what it may read.
            var authz = _acl.Current();
            if (Unready(authz, zone) is { } waiting)
            {
                return waiting;
            }

            instances = DnsAcl.Filter(authz.Value!, instances);
        }

        var servers = instances.Select(s => s.Instance).ToArray();
        Random.Shared.Shuffle(servers);
        var ttl = Seconds(_options.NodeTtl);
        var added = 0;
        foreach (var s in servers)
        {
            if (added == 3)
            {
                break;
            }

            var target = $"{s.Node.Name.ToLowerInvariant()}.node.{_datacenter}.{zone}";
            if (!IsEncodable(target) || !IPAddress.TryParse(s.Node.Address, out var ip))
            {
                Log.SkippingNameServer(_log, s.Node.Name);
                continue;
            }

            into.Add(DnsRecord.ForName(zone, DnsConstants.TypeNs, target, ttl));
            glue.Add(DnsRecord.ForAddress(target, ip, ttl));
            added++;
        }

        return null;
    }

    private static void AddMetaTxt(Node node, string owner, uint ttl, List<DnsRecord> into)
    {
        foreach (var (key, value) in node.Meta.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            into.Add(DnsRecord.ForTxt(owner, [EncodeMeta(key, value)], ttl));
        }
    }

    /// <summary>RFC 1464 <c>key=value</c>, with Consul's escaping; keys starting <c>rfc1035-</c> give the raw value.</summary>
    internal static string EncodeMeta(string key, string value)
    {
        if (key.StartsWith("rfc1035-", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var sb = new StringBuilder(key.Length + value.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '`')
            {
                sb.Append("``");
            }
            else if (c == '=' || (c == ' ' && (i == 0 || i == key.Length - 1 || IsEdgeSpace(key, i))))
            {
                sb.Append('`').Append(c);
            }
            else
            {
                sb.Append(c);
            }
        }

        sb.Append('=');
        sb.Append(value.Replace("`", "``", StringComparison.Ordinal));
        return sb.ToString();
    }

    private static bool IsEdgeSpace(string key, int i) =>
        key.AsSpan(0, i).TrimStart(' ').IsEmpty || key.AsSpan(i).TrimEnd(' ').IsEmpty;

    private DnsAnswer Invalid(string zone, string qname)
    {
        Log.InvalidName(_log, qname);
        return NxDomain(zone);
    }

    private DnsAnswer NxDomain(string zone)
    {
        var a = DnsAnswer.WithRcode(DnsConstants.RcodeNxDomain);
        a.Authority.Add(Soa(zone));
        return a;
    }

    private DnsRecord Soa(string zone) =>
        DnsRecord.ForSoa(zone, "ns." + zone, "hostmaster." + zone, (uint)_time.GetUtcNow().ToUnixTimeSeconds(), _options);

    private bool TryDatacenter(string[] suffixes, out string dc)
    {
        dc = _datacenter;
        switch (suffixes.Length)
        {
            case 0:
                return true;
            case 1:
                dc = suffixes[0];
                return true;
            case 2 when suffixes[1] == "dc":
                dc = suffixes[0];
                return true;
            default:
                return false; // peers and Enterprise namespaces/partitions are not served
        }
    }

    private string? MatchZone(string qname)
    {
        string? best = null;
        foreach (var zone in (ReadOnlySpan<string?>)[_domain, _altDomain])
        {
            if (zone is null)
            {
                continue;
            }

            if ((qname == zone || qname.EndsWith("." + zone, StringComparison.Ordinal)) && (best is null || zone.Length > best.Length))
            {
                best = zone;
            }
        }

        return best;
    }

    internal uint ServiceTtl(string service)
    {
        if (_options.ServiceTtl.Count == 0)
        {
            return 0;
        }

        if (_options.ServiceTtl.TryGetValue(service, out var exact))
        {
            return Seconds(exact);
        }

        var bestLength = -1;
        var best = TimeSpan.Zero;
        foreach (var (key, value) in _options.ServiceTtl)
        {
            if (key.EndsWith('*') && key.Length - 1 > bestLength && service.StartsWith(key.AsSpan(0, key.Length - 1), StringComparison.OrdinalIgnoreCase))
            {
                bestLength = key.Length - 1;
                best = value;
            }
        }

        return Seconds(best);
    }

    private static uint Seconds(TimeSpan t) => t <= TimeSpan.Zero ? 0 : (uint)Math.Min(uint.MaxValue, (long)t.TotalSeconds);

    private static bool FamilyFits(ushort qtype, IPAddress ip) => qtype switch
    {
        DnsConstants.TypeA => ip.AddressFamily == AddressFamily.InterNetwork,
        DnsConstants.TypeAaaa => ip.AddressFamily == AddressFamily.InterNetworkV6,
        _ => true,
    };

    internal static string HexAddrName(IPAddress ip, string dc, string zone) =>
        $"{Convert.ToHexStringLower(ip.GetAddressBytes())}.addr.{dc}.{zone}";

    /// <summary>Reverses an in-addr.arpa or ip6.arpa name into an address; null when it is not a full address.</summary>
    internal static IPAddress? ReverseToAddress(string qname)
    {
        if (qname.EndsWith(".in-addr.arpa.", StringComparison.Ordinal))
        {
            var labels = qname[..^".in-addr.arpa.".Length].Split('.');
            if (labels.Length != 4)
            {
                return null;
            }

            var bytes = new byte[4];
            for (var i = 0; i < 4; i++)
            {
                if (!byte.TryParse(labels[3 - i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
                {
                    return null;
                }
            }

            return new IPAddress(bytes);
        }

        if (qname.EndsWith(".ip6.arpa.", StringComparison.Ordinal))
        {
            var labels = qname[..^".ip6.arpa.".Length].Split('.');
            if (labels.Length != 32)
            {
                return null;
            }

            var bytes = new byte[16];
            for (var i = 0; i < 32; i++)
            {
                var label = labels[31 - i];
                if (label.Length != 1 || !char.IsAsciiHexDigit(label[0]))
                {
                    return null;
                }

                var nibble = Convert.ToByte(label, 16);
                bytes[i / 2] |= (byte)(i % 2 == 0 ? nibble << 4 : nibble);
            }

            return new IPAddress(bytes);
        }

        return null;
    }

    /// <summary>True when the dotted name fits DNS limits (labels 1..63 bytes, name ≤ 253 characters, ASCII).</summary>
    internal static bool IsEncodable(string name)
    {
        if (name.Length > 254)
        {
            return false;
        }

        var label = 0;
        foreach (var c in name)
        {
            if (c >= 0x80 || c == '\\')
            {
                return false;
            }

            if (c == '.')
            {
                if (label == 0)
                {
                    return false;
                }

                label = 0;
            }
            else if (++label > 63)
            {
                return false;
            }
        }

        return true;
    }

    private static string NormalizeDomain(string domain)
    {
        var d = domain.Trim().ToLowerInvariant();
        return d.EndsWith('.') ? d : d + ".";
    }
}
