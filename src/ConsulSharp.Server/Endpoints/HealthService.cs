using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.State;

namespace ConsulSharp.Server.Endpoints;

/// <summary>The health endpoint of a server (Consul <c>Health.*</c> RPCs), all blocking reads.</summary>
public sealed class HealthService(ConsulServer server)
{
    public Task<QueryResponse<IReadOnlyList<HealthCheck>>> NodeChecksAsync(string node, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) => s.NodeChecks(node, ws), cancellationToken);

    public Task<QueryResponse<IReadOnlyList<HealthCheck>>> ServiceChecksAsync(string service, CatalogQuery query, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var r = s.ServiceChecks(service, ws);
            return new QueryResult<IReadOnlyList<HealthCheck>>(r.Index, Narrow(s, query, r.Value));
        }, cancellationToken);

    public Task<QueryResponse<IReadOnlyList<HealthCheck>>> ChecksInStateAsync(string state, CatalogQuery query, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var r = s.ChecksInState(state, ws);
            return new QueryResult<IReadOnlyList<HealthCheck>>(r.Index, Narrow(s, query, r.Value));
        }, cancellationToken);

    /// <summary>Instances with their node and checks; <paramref name="passingOnly"/> keeps those whose every check passes.</summary>
    public Task<QueryResponse<IReadOnlyList<CheckServiceNode>>> ServiceNodesAsync(string service, IReadOnlyList<string>? tags, bool passingOnly, CatalogQuery query, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var r = s.CheckServiceNodes(service, tags is { Count: > 0 } ? tags : null, passingOnly, ws);
            IReadOnlyList<CheckServiceNode> list = query.NodeMeta.Count == 0 ? r.Value : r.Value.Where(n => query.MatchesNode(n.Node)).ToList();
            return new QueryResult<IReadOnlyList<CheckServiceNode>>(r.Index, query.SortByDistance(s, server.Options.NodeName, list, n => n.Node.Name));
        }, cancellationToken);

    /// <summary>Every instance of every service with its checks, by service name (the UI's service list).</summary>
    public Task<QueryResponse<IReadOnlyList<CheckServiceNode>>> AllServiceNodesAsync(QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            ws?.Add(WatchKey.Table(StateTable.Nodes));
            ws?.Add(WatchKey.Table(StateTable.Checks));
            var names = s.Services(ws);
            var index = names.Index;
            var list = new List<CheckServiceNode>();
            foreach (var name in names.Value.Keys.Order(StringComparer.Ordinal))
            {
                var r = s.CheckServiceNodes(name);
                index = Math.Max(index, r.Index);
                list.AddRange(r.Value);
            }

            return new QueryResult<IReadOnlyList<CheckServiceNode>>(index, list);
        }, cancellationToken);

    private IReadOnlyList<HealthCheck> Narrow(StateSnapshot s, CatalogQuery query, IReadOnlyList<HealthCheck> checks)
    {
        IReadOnlyList<HealthCheck> list = checks;
        if (query.NodeMeta.Count > 0)
        {
            list = checks.Where(c => query.MatchesNode(s.GetNode(c.Node).Value)).ToList();
        }

        return query.SortByDistance(s, server.Options.NodeName, list, c => c.Node);
    }
}
