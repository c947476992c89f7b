namespace ConsulSharp.Server.PreparedQueries;

/// <summary>
/// Visits every string of a <see cref="ServiceQuery"/> with its Consul path (<c>.Service</c>, <c>.Tags[0]</c>,
/// <c>.NodeMeta[key]</c>, <c>.Failover.Datacenters[1]</c>...) and builds a copy with the strings the visitor returns, as
/// Consul's reflection walk over the Service sub-structure of a template.
/// </summary>
internal static class ServiceQueryWalker
{
    public static ServiceQuery Walk(ServiceQuery s, Func<string, string, string> visit) => s with
    {
        Service = visit(".Service", s.Service),
        Failover = s.Failover with
        {
            Datacenters = List(".Failover.Datacenters", s.Failover.Datacenters, visit),
            Targets = s.Failover.Targets?.Select((t, i) => t with
            {
                Peer = visit($".Failover.Targets[{i}].Peer", t.Peer),
                Datacenter = visit($".Failover.Targets[{i}].Datacenter", t.Datacenter),
            }).ToList(),
        },
        IgnoreCheckIds = List(".IgnoreCheckIDs", s.IgnoreCheckIds, visit),
        Near = visit(".Near", s.Near),
        Tags = List(".Tags", s.Tags, visit),
        NodeMeta = Map(".NodeMeta", s.NodeMeta, visit),
        ServiceMeta = Map(".ServiceMeta", s.ServiceMeta, visit),
        Peer = visit(".Peer", s.Peer),
    };

    private static List<string>? List(string path, IReadOnlyList<string>? items, Func<string, string, string> visit) =>
        items?.Select((v, i) => visit($"{path}[{i}]", v)).ToList();

    private static Dictionary<string, string>? Map(string path, IReadOnlyDictionary<string, string>? items, Func<string, string, string> visit)
    {
        if (items is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(items.Count, StringComparer.Ordinal);
        foreach (var (k, v) in items.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[k] = visit($"{path}[{k}]", v);
        }

        return result;
    }
}
