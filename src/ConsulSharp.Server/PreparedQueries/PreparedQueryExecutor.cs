using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Endpoints;
using ConsulSharp.State;

namespace ConsulSharp.Server.PreparedQueries;

/// <summary>
/// Runs a resolved prepared query against one state snapshot, as Consul's <c>PreparedQuery.Execute</c> does locally:
/// health filter (critical out; warning out with OnlyPassing; IgnoreCheckIDs skipped), node-meta, service-meta and tag
/// filters, a shuffle, the RTT sort near the source node with that node moved first, then the limit. Failover to other
/// datacenters needs WAN RPC, which does not exist yet, so <see cref="ExecuteResult.Failovers"/> is always 0.
/// </summary>
public static class PreparedQueryExecutor
{
    public static ExecuteResult Execute(StateSnapshot snapshot, QueryDefinition query, ExecuteRequest request, string datacenter, WatchSet? ws = null)
    {
        var svc = query.Service;
        List<CheckServiceNode> nodes;
        if (request.Connect || svc.Connect || svc.Peer.Length > 0)
        {
            // No Connect proxies and no cluster peering yet: nothing can answer.
            nodes = [];
        }
        else
        {
            nodes = [.. snapshot.CheckServiceNodes(svc.Service, ws: ws).Value];
        }

        nodes = FilterHealth(nodes, svc.OnlyPassing, svc.IgnoreCheckIds);
        if (svc.NodeMeta is { Count: > 0 } nodeMeta)
        {
            nodes = nodes.FindAll(n => Satisfies(n.Node.Meta, nodeMeta));
        }

        if (svc.ServiceMeta is { Count: > 0 } serviceMeta)
        {
            nodes = nodes.FindAll(n => Satisfies(n.Service.Meta, serviceMeta));
        }

        if (svc.Tags is { Count: > 0 } tags)
        {
            nodes = FilterTags(nodes, tags);
        }

        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(nodes));

        var near = request.Near.Length > 0 ? request.Near : svc.Near;
        if (near == "_agent")
        {
            near = request.AgentNode;
        }

        IReadOnlyList<CheckServiceNode> sorted = nodes;
        if (near.Length > 0)
        {
            sorted = new CatalogQuery { Near = near }.SortByDistance(snapshot, request.AgentNode, nodes, n => n.Node.Name);
            var list = sorted as List<CheckServiceNode> ?? [.. sorted];
            for (var i = 0; i < list.Count && i < 10; i++)
            {
                if (string.Equals(list[i].Node.Name, near, StringComparison.OrdinalIgnoreCase))
                {
                    (list[0], list[i]) = (list[i], list[0]);
                    break;
                }
            }

            sorted = list;
        }

        if (request.Limit > 0 && sorted.Count > request.Limit)
        {
            sorted = sorted.Take(request.Limit).ToList();
        }

        return new ExecuteResult(svc.Service, sorted, query.Dns, datacenter, 0);
    }

    /// <summary>Consul <c>CheckServiceNodes.FilterIgnore</c>.</summary>
    public static List<CheckServiceNode> FilterHealth(List<CheckServiceNode> nodes, bool onlyPassing, IReadOnlyList<string>? ignoreCheckIds)
    {
        var ignore = ignoreCheckIds is { Count: > 0 } ? new HashSet<string>(ignoreCheckIds, StringComparer.Ordinal) : null;
        return nodes.FindAll(n =>
        {
            foreach (var c in n.Checks)
            {
                if (ignore is not null && ignore.Contains(c.CheckId))
                {
                    continue;
                }

                if (c.Status == HealthStatus.Critical || (onlyPassing && c.Status != HealthStatus.Passing))
                {
                    return false;
                }
            }

            return true;
        });
    }

    /// <summary>Consul's tag filter: every plain tag required, every <c>!tag</c> forbidden, case-insensitively.</summary>
    public static List<CheckServiceNode> FilterTags(List<CheckServiceNode> nodes, IReadOnlyList<string> tags)
    {
        var must = new List<string>();
        var not = new List<string>();
        foreach (var t in tags)
        {
            var tag = t.ToLowerInvariant();
            if (tag.StartsWith('!'))
            {
                not.Add(tag[1..]);
            }
            else
            {
                must.Add(tag);
            }
        }

        return nodes.FindAll(n =>
        {
            var have = new HashSet<string>(n.Service.Tags.Select(t => t.ToLowerInvariant()), StringComparer.Ordinal);
            return must.TrueForAll(have.Contains) && !not.Exists(have.Contains);
        });
    }

    private static bool Satisfies(IReadOnlyDictionary<string, string> meta, IReadOnlyDictionary<string, string> filters)
    {
        foreach (var (k, v) in filters)
        {
            if (!meta.TryGetValue(k, out var have) || have != v)
            {
                return false;
            }
        }

        return true;
    }
}
