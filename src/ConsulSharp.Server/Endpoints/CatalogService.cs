using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;

namespace ConsulSharp.Server.Endpoints;

/// <summary>
/// The catalog endpoint of a server (Consul <c>Catalog.*</c> RPCs): register/deregister validated as Consul's server
/// does and written through Raft; reads through the blocking query engine with per-service/per-node watches.
/// </summary>
public sealed class CatalogService(ConsulServer server)
{
    public ConsulServer Server => server;

    /// <summary>Consul Catalog.Register: validation texts as Consul's server (answered 500), then one Raft command.</summary>
    public async Task RegisterAsync(CatalogRegistration registration, CancellationToken cancellationToken)
    {
        var node = registration.Node;
        if (node.Name.Length == 0)
        {
            throw ConsulException.Internal("Must provide node");
        }

        if (node.Address.Length == 0 && !registration.SkipNodeUpdate)
        {
            throw ConsulException.Internal("Must provide address if SkipNodeUpdate is not set");
        }

        if (node.Id.Length > 0 && !IsUuid(node.Id))
        {
            throw ConsulException.Internal($"Bad node ID: uuid string is wrong length");
        }

        var service = registration.Service;
        if (service is not null)
        {
            if (service.Id.Length == 0 && service.Name.Length > 0)
            {
                service = service with { Id = service.Name };
            }

            if (service.Id.Length > 0 && service.Name.Length == 0)
            {
                throw ConsulException.Internal("Must provide service name with ID");
            }

            if (service.Address is "0.0.0.0" or "::" or "[::]")
            {
                throw ConsulException.Internal("Invalid service address");
            }
        }

        var checks = new List<HealthCheck>(registration.Checks.Count);
        foreach (var c in registration.Checks)
        {
            var check = c;
            if (check.Node.Length == 0)
            {
                check = check with { Node = node.Name };
            }

            if (check.CheckId.Length == 0 && check.Name.Length > 0)
            {
                check = check with { CheckId = check.Name };
            }

            checks.Add(check);
        }

        var command = registration with { Service = service is { Name.Length: > 0 } ? service : null, Checks = checks };
        await server.ApplyAsync(CommandCodec.Register(command), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Consul Catalog.Deregister: a check, else a service, else the whole node.</summary>
    public async Task DeregisterAsync(string node, string serviceId, string checkId, CancellationToken cancellationToken)
    {
        if (node.Length == 0)
        {
            throw ConsulException.Internal("Must provide node");
        }

        var command = new DeregisterCommand { Node = node, ServiceId = serviceId, CheckId = checkId };
        await server.ApplyAsync(CommandCodec.Deregister(command), cancellationToken).ConfigureAwait(false);
    }

    public Task<QueryResponse<IReadOnlyList<Node>>> NodesAsync(CatalogQuery query, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var r = s.Nodes(ws);
            IReadOnlyList<Node> nodes = query.NodeMeta.Count == 0 ? r.Value : r.Value.Where(query.MatchesNode).ToList();
            return new QueryResult<IReadOnlyList<Node>>(r.Index, query.SortByDistance(s, server.Options.NodeName, nodes, n => n.Name));
        }, cancellationToken);

    /// <summary>Service names with their tags; with node-meta, only instances on matching nodes count.</summary>
    public Task<QueryResponse<IReadOnlyDictionary<string, IReadOnlyList<string>>>> ServicesAsync(CatalogQuery query, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var all = s.Services(ws);
            if (query.NodeMeta.Count == 0)
            {
                return all;
            }

            var nodes = s.Nodes(ws);
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var node in nodes.Value.Where(query.MatchesNode))
            {
                foreach (var svc in s.GetNodeServices(node.Name).Value?.Services ?? [])
                {
                    var tags = result.TryGetValue(svc.Name, out var t) ? (List<string>)t : new List<string>();
                    foreach (var tag in svc.Tags)
                    {
                        if (!tags.Contains(tag))
                        {
                            tags.Add(tag);
                        }
                    }

                    result[svc.Name] = tags;
                }
            }

            return new QueryResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(Math.Max(all.Index, nodes.Index), result);
        }, cancellationToken);

    /// <summary>Every instance of every service (for <c>/v1/catalog/services?filter=</c>, which filters instances).</summary>
    public Task<QueryResponse<IReadOnlyList<CatalogServiceNode>>> AllServiceNodesAsync(CatalogQuery query, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var names = s.Services(ws);
            var list = new List<CatalogServiceNode>();
            foreach (var name in names.Value.Keys.Order(StringComparer.Ordinal))
            {
                list.AddRange(s.ServiceNodes(name).Value.Where(n => query.MatchesNode(n.Node)));
            }

            return new QueryResult<IReadOnlyList<CatalogServiceNode>>(names.Index, list);
        }, cancellationToken);

    public Task<QueryResponse<IReadOnlyList<CatalogServiceNode>>> ServiceNodesAsync(string service, IReadOnlyList<string>? tags, CatalogQuery query, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var r = s.ServiceNodes(service, tags is { Count: > 0 } ? tags : null, ws);
            IReadOnlyList<CatalogServiceNode> list = query.NodeMeta.Count == 0 ? r.Value : r.Value.Where(n => query.MatchesNode(n.Node)).ToList();
            return new QueryResult<IReadOnlyList<CatalogServiceNode>>(r.Index, query.SortByDistance(s, server.Options.NodeName, list, n => n.Node.Name));
        }, cancellationToken);

    public Task<QueryResponse<NodeServices?>> NodeServicesAsync(string node, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) => s.GetNodeServices(node, ws), cancellationToken);

    /// <summary>Every node with its services and checks (the UI's node list).</summary>
    public Task<QueryResponse<IReadOnlyList<NodeInfo>>> NodeInfosAsync(QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            ws?.Add(WatchKey.Table(StateTable.Services));
            ws?.Add(WatchKey.Table(StateTable.Checks));
            var nodes = s.Nodes(ws);
            var list = new List<NodeInfo>(nodes.Value.Count);
            ulong index = nodes.Index;
            foreach (var n in nodes.Value)
            {
                var services = s.GetNodeServices(n.Name);
                var checks = s.NodeChecks(n.Name);
                index = Math.Max(index, Math.Max(services.Index, checks.Index));
                list.Add(new NodeInfo(n, services.Value?.Services ?? [], checks.Value));
            }

            return new QueryResult<IReadOnlyList<NodeInfo>>(index, list);
        }, cancellationToken);

    /// <summary>One node with its services and checks, or null when unknown.</summary>
    public Task<QueryResponse<NodeInfo?>> NodeInfoAsync(string node, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var services = s.GetNodeServices(node, ws);
            var checks = s.NodeChecks(node, ws);
            var index = Math.Max(services.Index, checks.Index);
            return services.Value is { } ns
                ? new QueryResult<NodeInfo?>(index, new NodeInfo(ns.Node, ns.Services, checks.Value))
                : new QueryResult<NodeInfo?>(index, null);
        }, cancellationToken);

    private static bool IsUuid(string id)
    {
        if (id.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? id[i] == '-' : Uri.IsHexDigit(id[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
