using System.Globalization;
using System.Text.Json;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Query;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;
using ConsulSharp.Server.PreparedQueries;
using Microsoft.AspNetCore.Http;

namespace ConsulSharp.Http.Endpoints;

/// <summary>
/// <c>/v1/query</c> (create, list) and <c>/v1/query/:id</c> (get, update, delete, <c>/execute</c>, <c>/explain</c>), with
/// Consul's status codes: body decode errors 400, validation and integrity errors 500 (RPC errors), unknown query 404.
/// </summary>
public sealed class PreparedQueryEndpoints(PreparedQueryService queries, HttpApiOptions options, Agent.ConsulAgent agent)
{
    private string Datacenter => queries.Server.Options.Datacenter;

    public void Register(RouteTable routes)
    {
        routes.Post("/v1/query", CreateAsync);
        routes.Get("/v1/query", ListAsync);
        routes.Get("/v1/query/", SpecificGetAsync);
        routes.Put("/v1/query/", SpecificPutAsync);
        routes.Delete("/v1/query/", SpecificDeleteAsync);
    }

    private async Task CreateAsync(ApiRequest req)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), Datacenter);
        var dto = await ReadBodyAsync(req, required: true).ConfigureAwait(false);
        var query = PreparedQueryMapping.FromDto(dto);
        var id = await queries.CreateAsync(query, req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(new PreparedQueryIdResponse(id)).ConfigureAwait(false);
    }

    private async Task ListAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var res = await queries.ListAsync(opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        await req.WriteJsonAsync(res.Value.Select(PreparedQueryMapping.ToDto).ToList()).ConfigureAwait(false);
    }

    private Task SpecificGetAsync(ApiRequest req)
    {
        if (req.Suffix.EndsWith("/execute", StringComparison.Ordinal))
        {
            return ExecuteAsync(req, req.Suffix[..^"/execute".Length]);
        }

        if (req.Suffix.EndsWith("/explain", StringComparison.Ordinal))
        {
            return ExplainAsync(req, req.Suffix[..^"/explain".Length]);
        }

        return GetAsync(req, req.Suffix);
    }

    private Task SpecificPutAsync(ApiRequest req) =>
        IsAction(req.Suffix) ? MethodNotAllowed(req) : UpdateAsync(req, req.Suffix);

    private Task SpecificDeleteAsync(ApiRequest req) =>
        IsAction(req.Suffix) ? MethodNotAllowed(req) : DeleteAsync(req, req.Suffix);

    private async Task GetAsync(ApiRequest req, string id)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var res = await queries.GetAsync(id, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        if (res.Value is null)
        {
            throw ConsulException.NotFound(PreparedQueryService.QueryNotFound);
        }

        await req.WriteJsonAsync(new List<PreparedQueryDto> { PreparedQueryMapping.ToDto(res.Value) }).ConfigureAwait(false);
    }

    private async Task UpdateAsync(ApiRequest req, string id)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), Datacenter);
        var dto = await ReadBodyAsync(req, required: false).ConfigureAwait(false);

        // The ID comes from the URL, not from the body.
        var query = PreparedQueryMapping.FromDto(dto) with { Id = id };
        await queries.UpdateAsync(query, req.Aborted).ConfigureAwait(false);
        req.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task DeleteAsync(ApiRequest req, string id)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), Datacenter);
        await queries.DeleteAsync(id, req.Aborted).ConfigureAwait(false);
        req.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task ExecuteAsync(ApiRequest req, string idOrName)
    {
        var (execute, opts) = ParseExecute(req);
        var res = await queries.ExecuteAsync(idOrName, execute, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var r = res.Value;
        await req.WriteJsonAsync(new PreparedQueryExecuteResponse
        {
            Service = r.Service,
            Nodes = r.Nodes.Select(CatalogMapping.ToDto).ToList(),
            DNS = new QueryDnsDto { TTL = r.Dns.Ttl },
            Datacenter = r.Datacenter,
            Failovers = r.Failovers,
            Index = 0,
            LastContact = (long)res.Meta.LastContact.TotalMilliseconds * 1_000_000,
            KnownLeader = res.Meta.KnownLeader,
            ConsistencyLevel = QueryMeta.ConsistencyName(res.Meta.ConsistencyLevel),
        }).ConfigureAwait(false);
    }

    private async Task ExplainAsync(ApiRequest req, string idOrName)
    {
        var (execute, opts) = ParseExecute(req);
        var res = await queries.ExplainAsync(idOrName, execute, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        await req.WriteJsonAsync(new PreparedQueryExplainResponse
        {
            Query = PreparedQueryMapping.ToDto(res.Value),
            Index = 0,
            LastContact = (long)res.Meta.LastContact.TotalMilliseconds * 1_000_000,
            KnownLeader = res.Meta.KnownLeader,
            ConsistencyLevel = QueryMeta.ConsistencyName(res.Meta.ConsistencyLevel),
        }).ConfigureAwait(false);
    }

    /// <summary>Consul's order: <c>?near</c>, the common options, <c>?limit</c>, <c>?connect</c> (the last two are 500s).</summary>
    private (ExecuteRequest, QueryOptions) ParseExecute(ApiRequest req)
    {
        var near = req.Query("near") ?? "";
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var limit = 0;
        if (req.Query("limit") is { Length: > 0 } l && !int.TryParse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
        {
            throw ConsulException.Internal($"Bad limit: strconv.Atoi: parsing \"{l}\": invalid syntax");
        }

        var connect = false;
        if (req.Query("connect") is { Length: > 0 } c && !ApiRequest.TryParseGoBool(c, out connect))
        {
            throw ConsulException.Internal($"Error parsing 'connect' value: strconv.ParseBool: parsing \"{c}\": invalid syntax");
        }

        return (new ExecuteRequest { AgentNode = agent.Config.NodeName, Near = near, Limit = limit, Connect = connect }, opts);
    }

    /// <summary>
    /// Decodes a query body as Consul's <c>decodeBody</c>: unknown fields ignored, names case-insensitive; a syntax error
    /// is 400 <c>Request decode failed: ...</c>. An update may have no body at all.
    /// </summary>
    private static async Task<PreparedQueryDto> ReadBodyAsync(ApiRequest req, bool required)
    {
        var body = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
        if (body.Length == 0)
        {
            return required ? throw ConsulException.BadRequest(Errors.RequestDecodeFailed + "EOF") : new PreparedQueryDto();
        }

        try
        {
            return JsonSerializer.Deserialize(body, ConsulJson.CompactContext.PreparedQueryDto) ?? new PreparedQueryDto();
        }
        catch (JsonException ex)
        {
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + ex.Message.Split(" Path:")[0]);
        }
    }

    private static bool IsAction(string suffix) =>
        suffix.EndsWith("/execute", StringComparison.Ordinal) || suffix.EndsWith("/explain", StringComparison.Ordinal);

    private static Task MethodNotAllowed(ApiRequest req)
    {
        req.Http.Response.Headers.Allow = "GET";
        return req.WriteTextAsync(StatusCodes.Status405MethodNotAllowed, $"method {req.Http.Request.Method} not allowed");
    }
}
