using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Rpc;

/// <summary>What anti-entropy compares local state with: the catalog's node row, services and checks of one node.</summary>
public sealed record NodeCatalogView(Node? Node, IReadOnlyList<ServiceInstance> Services, IReadOnlyList<HealthCheck> Checks, int NodeCount)
{
    public static NodeCatalogView Of(State.StateSnapshot snapshot, string node)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new NodeCatalogView(
            snapshot.GetNode(node).Value,
            snapshot.GetNodeServices(node).Value?.Services ?? [],
            snapshot.NodeChecks(node).Value,
            snapshot.Nodes().Value.Count);
    }
}
