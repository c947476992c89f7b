using System.Text.Json;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Coordinates;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;
using Microsoft.AspNetCore.Http;

namespace ConsulSharp.Http.Endpoints;

/// <summary>
/// <c>/v1/coordinate/*</c>: datacenters, nodes, node/:node (404 when none), update. With <c>disable_coordinates</c>
/// every route answers 401 <c>Coordinate support disabled</c>, as Consul.
/// </summary>
public sealed class CoordinateEndpoints(CoordinateService coordinates, HttpApiOptions options, Agent.ConsulAgent agent, ConsulSharp.Server.ConsulServer server)
{
    private string Datacenter => server.Options.Datacenter;

    public void Register(RouteTable routes)
    {
        routes.Get("/v1/coordinate/datacenters", DatacentersAsync);
        routes.Get("/v1/coordinate/nodes", NodesAsync);
        routes.Get("/v1/coordinate/node/", NodeAsync);
        routes.Put("/v1/coordinate/update", UpdateAsync);
    }

    private async Task DatacentersAsync(ApiRequest req)
    {
        if (await DisabledAsync(req).ConfigureAwait(false))
        {
            return;
        }

        var servers = coordinates.DatacenterServers(server.State.Current);
        await req.WriteJsonAsync(new List<DatacenterMap>
        {
            new() { Datacenter = Datacenter, Coordinates = servers.Select(ToDto).ToList() },
        }).ConfigureAwait(false);
    }

    private async Task NodesAsync(ApiRequest req)
    {
        if (await DisabledAsync(req).ConfigureAwait(false))
        {
            return;
        }

        var opts = CatalogRequests.Options(req, options, Datacenter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await coordinates.ListNodesAsync(opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        await req.WriteJsonAsync(Filter(req, acl, res.Value)).ConfigureAwait(false);
    }

    private async Task NodeAsync(ApiRequest req)
    {
        if (await DisabledAsync(req).ConfigureAwait(false))
        {
            return;
        }

        var opts = CatalogRequests.Options(req, options, Datacenter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await coordinates.NodeAsync(req.Suffix, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var list = Filter(req, acl, res.Value);
        if (list.Count == 0)
        {
            req.Http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await req.WriteJsonAsync(list).ConfigureAwait(false);
    }

    private async Task UpdateAsync(ApiRequest req)
    {
        if (await DisabledAsync(req).ConfigureAwait(false))
        {
            return;
        }

        var body = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
        CoordinateEntry entry;
        try
        {
            entry = body.Length == 0
                ? throw ConsulException.BadRequest(Errors.RequestDecodeFailed + "EOF")
                : JsonSerializer.Deserialize(body, ConsulJson.CompactContext.CoordinateEntry) ?? new CoordinateEntry();
        }
        catch (JsonException ex)
        {
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + ex.Message.Split(" Path:")[0]);
        }

        CatalogRequests.CheckDatacenter(req.Query("dc"), Datacenter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.NodeWrite(entry.Node ?? ""))
        {
            throw acl.Denied("node:write", entry.Node ?? "");
        }

        var c = entry.Coord ?? new CoordDto();
        await coordinates.UpdateAsync(new Coordinate
        {
            Node = entry.Node ?? "",
            Segment = entry.Segment ?? "",
            Coord = new NetworkCoordinate(c.Vec ?? [], c.Error, c.Adjustment, c.Height),
        }, req.Aborted).ConfigureAwait(false);
        req.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Consul <c>filterCoordinates</c>: node:read on each node (ACL filter), then <c>?segment=</c> (even
    /// empty) keeps that segment only.</summary>
    private static List<CoordinateEntry> Filter(ApiRequest req, Routing.AclAuthorization acl, IReadOnlyList<Coordinate> list)
    {
        var removed = false;
        var readable = AuthzFilters.Filter(acl, list, static (a, c) => a.NodeRead(c.Node), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        var bySegment = req.Http.Request.Query.TryGetValue("segment", out var v);
        var segment = bySegment && v.Count > 0 ? v[0] ?? "" : "";
        return readable.Where(c => !bySegment || c.Segment == segment).Select(ToDto).ToList();
    }

    private static CoordinateEntry ToDto(Coordinate c) => new()
    {
        Node = c.Node,
        Segment = c.Segment,
        Coord = new CoordDto { Vec = [.. c.Coord.Vec], Error = c.Coord.Error, Adjustment = c.Coord.Adjustment, Height = c.Coord.Height },
    };

    private async Task<bool> DisabledAsync(ApiRequest req)
    {
        if (!agent.Config.DisableCoordinates)
        {
            return false;
        }

        await req.WriteTextAsync(StatusCodes.Status401Unauthorized, "Coordinate support disabled").ConfigureAwait(false);
        return true;
    }
}
