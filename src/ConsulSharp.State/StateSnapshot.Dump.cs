using ConsulSharp.Core.Structs;
using ConsulSharp.State.Internal;

namespace ConsulSharp.State;

public sealed partial class StateSnapshot
{
    private ulong CatalogMaxIndex => Math.Max(Tables.NodesIndex, Math.Max(Tables.ServicesIndex, Tables.ChecksIndex));

    /// <summary>Every node with its services and checks (Consul NodeDump); index max(nodes, services, checks).</summary>
    public QueryResult<IReadOnlyList<NodeInfo>> NodeDump(WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.Nodes));
        Watch(ws, WatchKey.Table(StateTable.Services));
        Watch(ws, WatchKey.Table(StateTable.Checks));
        var list = new List<NodeInfo>(Tables.Nodes.Count);
        foreach (var n in Tables.Nodes)
        {
            list.Add(Info(n.Value));
        }

        return new(CatalogMaxIndex, list);
    }

    /// <summary>One node with its services and checks, or null (Consul NodeInfo).</summary>
    public QueryResult<NodeInfo?> GetNodeInfo(string nodeName, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Node(nodeName));
        var node = Tables.Nodes.Get(Keys.Lower(nodeName));
        return new(CatalogMaxIndex, node is null ? null : Info(node));
    }

    /// <summary>Every service instance with node and checks (Consul ServiceDump), in (service, node, id) order.</summary>
    public QueryResult<IReadOnlyList<CheckServiceNode>> ServiceDump(WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.Nodes));
        Watch(ws, WatchKey.Table(StateTable.Services));
        Watch(ws, WatchKey.Table(StateTable.Checks));
        var list = new List<CheckServiceNode>();
        foreach (var byName in Tables.ServicesByName)
        {
            string? name = null;
            foreach (var svc in byName.Value)
            {
                name = svc.Value.Name;
                break;
            }

            if (name is not null)
            {
                list.AddRange(CheckServiceNodes(name).Value);
            }
        }

        return new(CatalogMaxIndex, list);
    }

    private NodeInfo Info(Node node)
    {
        var prefix = Keys.PairPrefix(node.Name);
        var services = new List<ServiceInstance>();
        foreach (var s in Tables.Services.WithPrefix(prefix))
        {
            services.Add(s.Value);
        }

        var checks = new List<HealthCheck>();
        foreach (var c in Tables.Checks.WithPrefix(prefix))
        {
            checks.Add(c.Value);
        }

        return new NodeInfo(node, services, checks);
    }
}
