using System.Net;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Dns;

/// <summary>
/// <c>&lt;query&gt;.query[.&lt;dc&gt;].&lt;domain&gt;</c>: resolves the prepared query by ID or name (templates rendered
/// for the name), executes it near this agent, and answers its nodes in the order execution gave (shuffled, or sorted
/// by the query's Near), with the query's DNS TTL (else the service TTL config). Unknown query or no healthy node:
/// NXDOMAIN with the SOA, as Consul.
/// </summary>
internal sealed partial class DnsResolver
{
    private DnsAnswer QueryLookup(in DnsRequest request, string zone, string dc, string queryName)
    {
        var read = _catalog.Query(dc, queryName, _options.NodeName);
        if (Unready(read, zone) is { } unready)
        {
            return unready;
        }

        if (read.Value is not { } result || result.Nodes.Count == 0)
        {
            return NxDomain(zone);
        }

        // A failed-over answer names its nodes in the datacenter that answered, as Consul.
        dc = result.Datacenter.Length > 0 ? result.Datacenter.ToLowerInvariant() : dc;
        var ttl = result.Dns.Ttl.Length > 0 && Core.GoDuration.TryParse(result.Dns.Ttl, out var t) ? Seconds(t) : ServiceTtl(result.Service);
        var answer = new DnsAnswer();
        var qtype = request.Type;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var addresses = 0;
        foreach (var inst in result.Nodes)
        {
            var node = inst.Node;
            var svc = inst.Service;
            var address = svc.Address.Length > 0 ? svc.Address : node.Address;
            var ip = IPAddress.TryParse(address, out var parsed) ? parsed : null;
            if (qtype == DnsConstants.TypeSrv)
            {
                var target = ip is null ? (address.EndsWith('.') ? address : address + ".")
                    : svc.Address.Length > 0 && svc.Address != node.Address ? HexAddrName(ip, dc, zone)
                    : $"{node.Name}.node.{dc}.{zone}";
                if (!IsEncodable(target) || !seen.Add($"{node.Name}:{address}:{svc.Port}"))
                {
                    continue;
                }

                var warning = inst.Checks.Any(c => c.Status == HealthStatus.Warning);
                var weight = warning ? svc.Weights.Warning : svc.Weights.Passing;
                answer.Answers.Add(DnsRecord.ForSrv(request.Name, 1, (ushort)Math.Clamp(weight, 0, ushort.MaxValue), (ushort)svc.Port, target, ttl));
                if (ip is not null)
                {
                    answer.Additional.Add(DnsRecord.ForAddress(target, ip, ttl));
                }

                continue;
            }

            if (qtype is not (DnsConstants.TypeA or DnsConstants.TypeAaaa or DnsConstants.TypeAny))
            {
                continue;
            }

            if (_options.ARecordLimit > 0 && addresses >= _options.ARecordLimit)
            {
                break;
            }

            if (ip is null || !FamilyFits(qtype, ip) || !seen.Add(ip.ToString()))
            {
                continue;
            }

            answer.Answers.Add(DnsRecord.ForAddress(request.Name, ip, ttl));
            addresses++;
        }

        if (answer.Answers.Count == 0)
        {
            answer.Authority.Add(Soa(zone));
        }

        return answer;
    }
}
