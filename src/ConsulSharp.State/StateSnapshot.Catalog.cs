using ConsulSharp.Core.Structs;
using ConsulSharp.State.Internal;

namespace ConsulSharp.State;

public sealed partial class StateSnapshot
{
    public QueryResult<Node?> GetNode(string name, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Node(name));
        return new(Tables.NodesIndex, Tables.Nodes.Get(Keys.Lower(name)));
    }

    public QueryResult<Node?> GetNodeById(string id, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.Nodes));
        var name = Tables.NodeIds.Get(Keys.Lower(id));
        return new(Tables.NodesIndex, name is null ? null : Tables.Nodes.Get(name));
    }

    /// <summary>All nodes in (case-insensitive) name order.</summary>
    public QueryResult<IReadOnlyList<Node>> Nodes(WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.Nodes));
        var list = new List<Node>(Tables.Nodes.Count);
        foreach (var n in Tables.Nodes)
        {
            list.Add(n.Value);
        }

        return new(Tables.NodesIndex, list);
    }

    /// <summary>Service names (as first registered) with the union of their instances' tags.</summary>
    public QueryResult<IReadOnlyDictionary<string, IReadOnlyList<string>>> Services(WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.Services));
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var byName in Tables.ServicesByName)
        {
            string? name = null;
            var tags = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var svc in byName.Value)
            {
                name ??= svc.Value.Name;
                foreach (var tag in svc.Value.Tags)
                {
                    if (seen.Add(tag))
                    {
                        tags.Add(tag);
                    }
                }
            }

            if (name is not null)
            {
                result[name] = tags;
            }
        }

        return new(Tables.ServicesIndex, result);
    }

    /// <summary>
    /// The index of everything about one service (Consul maxIndexForService): its own index, else the index at which
    /// the last instance of any service disappeared, else the catalog tables' max.
    /// </summary>
    public ulong ServiceIndex(string serviceName)
    {
        var lower = Keys.Lower(serviceName);
        if (Tables.ServiceIndexes.TryGetValue(lower, out var idx) && idx > 0)
        {
            return idx;
        }

        if (Tables.ServicesByName.Get(lower) is null && Tables.ServiceLastExtinction > 0)
        {
            return Tables.ServiceLastExtinction;
        }

        return Math.Max(Tables.NodesIndex, Math.Max(Tables.ServicesIndex, Tables.ChecksIndex));
    }

    /// <summary>
    /// Instances of a service joined with their nodes, ordered by (node, service id); with tags, only instances having
    /// every tag (case-insensitive), as Consul's serviceTagFilter.
    /// </summary>
    public QueryResult<IReadOnlyList<CatalogServiceNode>> ServiceNodes(string serviceName, IReadOnlyList<string>? tags = null, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Service(serviceName));
        var list = new List<CatalogServiceNode>();
        if (Tables.ServicesByName.Get(Keys.Lower(serviceName)) is { } byName)
        {
            foreach (var svc in byName)
            {
                if (!HasTags(svc.Value, tags))
                {
                    continue;
                }

                var node = Tables.Nodes.Get(Keys.Lower(svc.Value.Node));
                if (node is not null)
                {
                    list.Add(new CatalogServiceNode(node, svc.Value));
                }
            }
        }

        return new(ServiceIndex(serviceName), list);
    }

    private static bool HasTags(ServiceInstance svc, IReadOnlyList<string>? tags)
    {
        if (tags is null)
        {
            return true;
        }

        foreach (var wanted in tags)
        {
            var found = false;
            foreach (var tag in svc.Tags)
            {
                if (string.Equals(tag, wanted, StringComparison.OrdinalIgnoreCase))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A node and its services, or null when the node is unknown; index max(nodes, services).</summary>
    public QueryResult<NodeServices?> GetNodeServices(string nodeName, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Node(nodeName));
        var idx = Math.Max(Tables.NodesIndex, Tables.ServicesIndex);
        var node = Tables.Nodes.Get(Keys.Lower(nodeName));
        if (node is null)
        {
            return new(idx, null);
        }

        var services = new List<ServiceInstance>();
        foreach (var s in Tables.Services.WithPrefix(Keys.PairPrefix(nodeName)))
        {
            services.Add(s.Value);
        }

        return new(idx, new NodeServices(node, services));
    }

    /// <summary>One service instance on a node, or null.</summary>
    public QueryResult<ServiceInstance?> GetNodeService(string nodeName, string serviceId, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Node(nodeName));
        return new(Math.Max(Tables.NodesIndex, Tables.ServicesIndex), Tables.Services.Get(Keys.Pair(nodeName, serviceId)));
    }

    /// <summary>The checks of one node in check-id order.</summary>
    public QueryResult<IReadOnlyList<HealthCheck>> NodeChecks(string nodeName, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Node(nodeName));
        var list = new List<HealthCheck>();
        foreach (var c in Tables.Checks.WithPrefix(Keys.PairPrefix(nodeName)))
        {
            list.Add(c.Value);
        }

        return new(Tables.ChecksIndex, list);
    }

    public QueryResult<HealthCheck?> GetCheck(string nodeName, string checkId, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Node(nodeName));
        return new(Tables.ChecksIndex, Tables.Checks.Get(Keys.Pair(nodeName, checkId)));
    }

    /// <summary>The checks bound to instances of a service (not node-level checks).</summary>
    public QueryResult<IReadOnlyList<HealthCheck>> ServiceChecks(string serviceName, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Service(serviceName));
        var list = new List<HealthCheck>();
        if (Tables.ServicesByName.Get(Keys.Lower(serviceName)) is { } byName)
        {
            foreach (var svc in byName)
            {
                foreach (var c in Tables.Checks.WithPrefix(Keys.PairPrefix(svc.Value.Node)))
                {
                    if (string.Equals(c.Value.ServiceId, svc.Value.Id, StringComparison.OrdinalIgnoreCase))
                    {
                        list.Add(c.Value);
                    }
                }
            }
        }

        return new(Tables.ChecksIndex, list);
    }

    /// <summary>Checks in one state; <see cref="HealthStatus.Any"/> returns all.</summary>
    public QueryResult<IReadOnlyList<HealthCheck>> ChecksInState(string state, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.Checks));
        var list = new List<HealthCheck>();
        foreach (var c in Tables.Checks)
        {
            if (state == HealthStatus.Any || c.Value.Status == state)
            {
                list.Add(c.Value);
            }
        }

        return new(Tables.ChecksIndex, list);
    }

    /// <summary>
    /// Consul CheckServiceNodes (the health endpoint): each instance with its node and the node-level plus own checks.
    /// With <paramref name="passingOnly"/>, instances with any check not passing are dropped (HTTP <c>?passing</c>).
    /// </summary>
    public QueryResult<IReadOnlyList<CheckServiceNode>> CheckServiceNodes(
        string serviceName,
        IReadOnlyList<string>? tags = null,
        bool passingOnly = false,
        WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Service(serviceName));
        var list = new List<CheckServiceNode>();
        if (Tables.ServicesByName.Get(Keys.Lower(serviceName)) is { } byName)
        {
            foreach (var svc in byName)
            {
                if (!HasTags(svc.Value, tags))
                {
                    continue;
                }

                var node = Tables.Nodes.Get(Keys.Lower(svc.Value.Node));
                if (node is null)
                {
                    continue;
                }

                var checks = new List<HealthCheck>();
                var passing = true;
                foreach (var c in Tables.Checks.WithPrefix(Keys.PairPrefix(node.Name)))
                {
                    if (c.Value.ServiceId.Length == 0)
                    {
                        checks.Add(c.Value);
                        passing &= c.Value.Status == HealthStatus.Passing;
                    }
                }

                foreach (var c in Tables.Checks.WithPrefix(Keys.PairPrefix(node.Name)))
                {
                    if (c.Value.ServiceId.Length > 0 && string.Equals(c.Value.ServiceId, svc.Value.Id, StringComparison.OrdinalIgnoreCase))
                    {
                        checks.Add(c.Value);
                        passing &= c.Value.Status == HealthStatus.Passing;
                    }
                }

                if (passingOnly && !passing)
                {
                    continue;
                }

                list.Add(new CheckServiceNode(node, svc.Value, checks));
            }
        }

        return new(ServiceIndex(serviceName), list);
    }
}
