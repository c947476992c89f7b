using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Filters;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/health/*</c>: node, checks, service, state. Every read blocks on the watches it touched.</summary>
public sealed class HealthEndpoints(HealthService health, CatalogService catalog, HttpApiOptions options)
{
    private string Datacenter => catalog.Server.Options.Datacenter;

    public void Register(RouteTable routes)
    {
        routes.Get("/v1/health/node/", NodeAsync);
        routes.Get("/v1/health/checks/", ChecksAsync);
        routes.Get("/v1/health/service/", ServiceAsync);
        routes.Get("/v1/health/state/", StateAsync);
    }

    private async Task NodeAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing node name");
        }

        var filter = CatalogFilters.Compile(CatalogFilters.HealthCheck, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await health.NodeChecksAsync(req.Suffix, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var checks = AuthzFilters.Filter(acl, res.Value, AuthzFilters.CheckAllowed, ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(filter.Apply(checks.Select(CatalogMapping.ToDto))).ConfigureAwait(false);
    }

    private async Task ChecksAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing service name");
        }

        var filter = CatalogFilters.Compile(CatalogFilters.HealthCheck, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await health.ServiceChecksAsync(req.Suffix, CatalogRequests.Query(req), opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var checks = AuthzFilters.Filter(acl, res.Value, AuthzFilters.CheckAllowed, ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(filter.Apply(checks.Select(CatalogMapping.ToDto))).ConfigureAwait(false);
    }

    private async Task ServiceAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing service name");
        }

        var passing = false;
        if (req.Http.Request.Query.TryGetValue("passing", out var p))
        {
            var value = p.Count > 0 ? p[0] ?? "" : "";
            if (value.Length == 0)
            {
                passing = true;
            }
            else if (!ApiRequest.TryParseGoBool(value, out passing))
            {
                throw ConsulException.BadRequest("Invalid value for ?passing");
            }
        }

        var filter = CatalogFilters.Compile(CatalogFilters.CheckServiceNode, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await health.ServiceNodesAsync(req.Suffix, req.QueryAll("tag"), passing, CatalogRequests.Query(req), opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var nodes = AuthzFilters.Filter(acl, res.Value, static (a, n) => a.NodeRead(n.Node.Name) && a.ServiceRead(n.Service.Name), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(filter.Apply(nodes.Select(CatalogMapping.ToDto))).ConfigureAwait(false);
    }

    private async Task StateAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var state = req.Suffix;
        if (state.Length == 0)
        {
            throw ConsulException.BadRequest("Missing check state");
        }

        if (state is not (HealthStatus.Any or HealthStatus.Passing or HealthStatus.Warning or HealthStatus.Critical))
        {
            throw ConsulException.BadRequest($"Invalid check state: \"{state}\"");
        }

        var filter = CatalogFilters.Compile(CatalogFilters.HealthCheck, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await health.ChecksInStateAsync(state, CatalogRequests.Query(req), opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var checks = AuthzFilters.Filter(acl, res.Value, AuthzFilters.CheckAllowed, ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(filter.Apply(checks.Select(CatalogMapping.ToDto))).ConfigureAwait(false);
    }
}
