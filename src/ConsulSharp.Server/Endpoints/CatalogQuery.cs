using ConsulSharp.Core.Structs;
using ConsulSharp.State;

namespace ConsulSharp.Server.Endpoints;

/// <summary>The per-request parameters catalog and health reads share: <c>?node-meta</c> pairs and <c>?near</c>.</summary>
public sealed record CatalogQuery
{
    public static readonly CatalogQuery None = new();

    /// <summary>Pairs every node must carry (Consul <c>SatisfiesMetaFilters</c>); empty = no constraint.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> NodeMeta { get; init; } = [];

    /// <summary>Sort by estimated round-trip time from this node (<c>_agent</c> = the answering agent); "" = no sort.</summary>
    public string Near { get; init; } = "";

    public bool MatchesNode(Node? node)
    {
        if (NodeMeta.Count == 0)
        {
            return true;
        }

        if (node is null)
        {
            return false;
        }

        foreach (var (k, v) in NodeMeta)
        {
            if (!node.Meta.TryGetValue(k, out var value) || value != v)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <c>key:value</c> (only the first colon splits; no colon means an empty value).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseNodeMeta(IEnumerable<string> values)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var v in values)
        {
            var i = v.IndexOf(':', StringComparison.Ordinal);
            list.Add(i < 0 ? new(v, "") : new(v[..i], v[(i + 1)..]));
        }

        return list;
    }

    /// <summary>
    /// Stable sort of <paramref name="items"/> by the Vivaldi distance from <see cref="Near"/>'s coordinate (serf
    /// <c>DistanceTo</c>); items whose node has no coordinate go last. Unknown near node: order unchanged.
    /// </summary>
    public IReadOnlyList<T> SortByDistance<T>(StateSnapshot snapshot, string agentNode, IReadOnlyList<T> items, Func<T, string> nodeOf)
    {
        if (Near.Length == 0 || items.Count < 2)
        {
            return items;
        }

        var near = Near == "_agent" ? agentNode : Near;
        var coords = new Dictionary<string, NetworkCoordinate>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in snapshot.Coordinates().Value)
        {
            if (c.Segment.Length == 0)
            {
                coords[c.Node] = c.Coord;
            }
        }

        if (!coords.TryGetValue(near, out var origin))
        {
            return items;
        }

        var keyed = new List<(double Distance, int Order, T Item)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var d = coords.TryGetValue(nodeOf(items[i]), out var c) ? Distance(origin, c) : double.PositiveInfinity;
            keyed.Add((d, i, items[i]));
        }

        keyed.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Order.CompareTo(b.Order));
        return keyed.Select(k => k.Item).ToList();
    }

    /// <summary>serf coordinate.DistanceTo in seconds.</summary>
    public static double Distance(NetworkCoordinate a, NetworkCoordinate b)
    {
        double sum = 0;
        var n = Math.Min(a.Vec.Count, b.Vec.Count);
        for (var i = 0; i < n; i++)
        {
            var d = a.Vec[i] - b.Vec[i];
            sum += d * d;
        }

        var dist = Math.Sqrt(sum) + a.Height + b.Height;
        var adjusted = dist + a.Adjustment + b.Adjustment;
        return adjusted > 0 ? adjusted : dist;
    }
}
