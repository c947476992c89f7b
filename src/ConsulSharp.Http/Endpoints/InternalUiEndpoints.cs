using ConsulSharp.Contracts.Catalog;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Filters;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;
using Microsoft.AspNetCore.Http;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/internal/ui/*</c>: the web UI's node list, node view, service summaries and catalog overview.</summary>
public sealed class InternalUiEndpoints(HealthService health, CatalogService catalog, HttpApiOptions options)
{
    private string Datacenter => catalog.Server.Options.Datacenter;

    public void Register(RouteTable routes)
    {
        routes.Get("/v1/internal/ui/nodes", NodesAsync);
        routes.Get("/v1/internal/ui/node/", NodeAsync);
        routes.Get("/v1/internal/ui/services", ServicesAsync);
        routes.Get("/v1/internal/ui/catalog-overview", OverviewAsync);
    }

    private async Task NodesAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var filter = CatalogFilters.Compile(CatalogFilters.NodeInfo, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await catalog.NodeInfosAsync(opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var nodes = FilterNodes(acl, res.Value, ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(filter.Apply(nodes.Select(ToDto))).ConfigureAwait(false);
    }

    private async Task NodeAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing node name");
        }

        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await catalog.NodeInfoAsync(req.Suffix, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var node = res.Value is null ? null : FilterNodes(acl, [res.Value], ref removed).FirstOrDefault();
        AuthzFilters.MarkFiltered(req, acl, removed);
        if (node is null)
        {
            req.Http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await req.WriteJsonAsync(ToDto(node)).ConfigureAwait(false);
    }

    private async Task ServicesAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var filter = CatalogFilters.Compile(CatalogFilters.CheckServiceNode, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await health.AllServiceNodesAsync(opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var readable = AuthzFilters.Filter(acl, res.Value, static (a, n) => a.NodeRead(n.Node.Name) && a.ServiceRead(n.Service.Name), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        var summaries = new List<UiServiceSummary>();
        foreach (var group in readable.GroupBy(n => n.Service.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var instances = group.Where(n => filter.Matches(CatalogMapping.ToDto(n))).ToList();
            if (instances.Count == 0)
            {
                continue;
            }

            var tags = instances.SelectMany(n => n.Service.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var sources = instances.Select(n => n.Service.Meta.GetValueOrDefault("external-source")).OfType<string>().Where(v => v.Length > 0)
                .Distinct(StringComparer.Ordinal).ToList();
            var checks = new Dictionary<(string, string), string>();
            foreach (var n in instances)
            {
                foreach (var c in n.Checks)
                {
                    checks[(c.Node.ToLowerInvariant(), c.CheckId)] = c.Status;
                }
            }

            summaries.Add(new UiServiceSummary
            {
                Name = group.Key,
                Datacenter = Datacenter,
                Tags = tags.Count == 0 ? null : tags,
                Nodes = instances.Select(n => n.Node.Name).Order(StringComparer.Ordinal).ToList(),
                ExternalSources = sources.Count == 0 ? null : sources,
                InstanceCount = instances.Count,
                ChecksPassing = checks.Values.Count(s => s == HealthStatus.Passing),
                ChecksWarning = checks.Values.Count(s => s == HealthStatus.Warning),
                ChecksCritical = checks.Values.Count(s => s == HealthStatus.Critical),
            });
        }

        await req.WriteJsonAsync(summaries).ConfigureAwait(false);
    }

    /// <summary>Node, service-instance and check tallies by status; no meta headers, as Consul.</summary>
    private async Task OverviewAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var nodes = await catalog.NodeInfosAsync(opts with { MinQueryIndex = 0 }, req.Aborted).ConfigureAwait(false);
        var instances = await health.AllServiceNodesAsync(opts with { MinQueryIndex = 0 }, req.Aborted).ConfigureAwait(false);
        var removed = false;
        var readableNodes = FilterNodes(acl, nodes.Value, ref removed);
        var readableInstances = AuthzFilters.Filter(acl, instances.Value, static (a, n) => a.NodeRead(n.Node.Name) && a.ServiceRead(n.Service.Name), ref removed);

        var nodeTally = new Tally();
        var checkTally = new Tally();
        foreach (var n in readableNodes)
        {
            nodeTally.Add(Worst(n.Checks.Where(c => c.ServiceId.Length == 0)));
            foreach (var c in n.Checks)
            {
                checkTally.Add(c.Status);
            }
        }

        var services = new List<UiHealthSummary>();
        foreach (var group in readableInstances.GroupBy(n => n.Service.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var t = new Tally();
            foreach (var i in group)
            {
                t.Add(Worst(i.Checks));
            }

            services.Add(t.ToSummary(group.Key));
        }

        await req.WriteJsonAsync(new UiCatalogOverview
        {
            Nodes = [nodeTally.ToSummary(null)],
            Services = services,
            Checks = [checkTally.ToSummary(null)],
        }).ConfigureAwait(false);
    }

    /// <summary>Consul's <c>filterNodeDump</c>: nodes need node:read; their services service:read; their checks both.</summary>
    private static List<NodeInfo> FilterNodes(AclAuthorization acl, IReadOnlyList<NodeInfo> nodes, ref bool removed)
    {
        if (AuthzFilters.AllowsAll(acl))
        {
            return [.. nodes];
        }

        var kept = new List<NodeInfo>(nodes.Count);
        foreach (var n in AuthzFilters.Filter(acl, nodes, static (a, n) => a.NodeRead(n.Node.Name), ref removed))
        {
            var services = AuthzFilters.Filter(acl, n.Services, static (a, s) => a.ServiceRead(s.Name), ref removed);
            var checks = AuthzFilters.Filter(acl, n.Checks, AuthzFilters.CheckAllowed, ref removed);
            kept.Add(n with { Services = services, Checks = checks });
        }

        return kept;
    }

    private static string Worst(IEnumerable<HealthCheck> checks) => HealthStatus.Worst(checks.Select(c => c.Status));

    private static UiNodeInfo ToDto(NodeInfo n) => new()
    {
        ID = n.Node.Id,
        Node = n.Node.Name,
        Address = n.Node.Address,
        TaggedAddresses = CatalogMapping.Sorted(n.Node.TaggedAddresses),
        Meta = CatalogMapping.Sorted(n.Node.Meta),
        Services = n.Services.Select(CatalogMapping.ToDto).ToList(),
        Checks = n.Checks.Select(CatalogMapping.ToDto).ToList(),
    };

    private sealed class Tally
    {
        private int _total;
        private int _passing;
        private int _warning;
        private int _critical;

        public void Add(string status)
        {
            _total++;
            switch (status)
            {
                case HealthStatus.Passing: _passing++; break;
                case HealthStatus.Warning: _warning++; break;
                default: _critical++; break;
            }
        }

        public UiHealthSummary ToSummary(string? name) =>
            new() { Name = name, Total = _total, Passing = _passing, Warning = _warning, Critical = _critical };
    }
}
