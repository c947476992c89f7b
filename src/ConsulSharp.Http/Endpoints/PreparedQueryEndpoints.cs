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
        await AuthorizeWriteAsync(req, query, null).ConfigureAwait(false);
        var id = await queries.CreateAsync(query, req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(new PreparedQueryIdResponse(id)).ConfigureAwait(false);
    }

    private async Task ListAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await queries.ListAsync(opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var readable = FilterQueries(acl, res.Value, ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(readable.Select(PreparedQueryMapping.ToDto).ToList()).ConfigureAwait(false);
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
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await queries.GetAsync(id, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        if (res.Value is null)
        {
            throw ConsulException.NotFound(PreparedQueryService.QueryNotFound);
        }

        await req.WriteJsonAsync(new List<PreparedQueryDto> { PreparedQueryMapping.ToDto(ReadableOrDenied(acl, res.Value)) }).ConfigureAwait(false);
    }

    private async Task UpdateAsync(ApiRequest req, string id)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), Datacenter);
        var dto = await ReadBodyAsync(req, required: false).ConfigureAwait(false);

        // The ID comes from the URL, not from the body.
        var query = PreparedQueryMapping.FromDto(dto) with { Id = id };
        await AuthorizeWriteAsync(req, query, id).ConfigureAwait(false);
        await queries.UpdateAsync(query, req.Aborted).ConfigureAwait(false);
        req.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task DeleteAsync(ApiRequest req, string id)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), Datacenter);
        await AuthorizeWriteAsync(req, null, id).ConfigureAwait(false);
        await queries.DeleteAsync(id, req.Aborted).ConfigureAwait(false);
        req.Http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task ExecuteAsync(ApiRequest req, string idOrName)
    {
        var (execute, opts) = ParseExecute(req);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await queries.ExecuteAsync(idOrName, execute, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var r = res.Value;

        // As Consul: a query with a stored token is executed (filtered) with that token, others with the caller's.
        if (r.QueryToken.Length > 0 && req.AclResolver is { Enabled: true } resolver)
        {
            acl = await resolver.ResolveAsync(r.QueryToken, req.Aborted).ConfigureAwait(false);
        }

        var removed = false;
        var nodes = AuthzFilters.Filter(acl, r.Nodes, static (a, n) => a.NodeRead(n.Node.Name) && a.ServiceRead(n.Service.Name), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(new PreparedQueryExecuteResponse
        {
            Service = r.Service,
            Nodes = nodes.Select(CatalogMapping.ToDto).ToList(),
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
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await queries.ExplainAsync(idOrName, execute, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        await req.WriteJsonAsync(new PreparedQueryExplainResponse
        {
            Query = PreparedQueryMapping.ToDto(ReadableOrDenied(acl, res.Value)),
            Index = 0,
            LastContact = (long)res.Meta.LastContact.TotalMilliseconds * 1_000_000,
            KnownLeader = res.Meta.KnownLeader,
            ConsistencyLevel = QueryMeta.ConsistencyName(res.Meta.ConsistencyLevel),
        }).ConfigureAwait(false);
    }

    /// <summary>A query's ACL prefix: its name, when it has one or is a template (Consul's <c>GetACLPrefix</c>).</summary>
    private static bool HasAclPrefix(QueryDefinition q) => q.Name.Length > 0 || q.Template.Type.Length > 0;

    /// <summary>
    /// Consul's prepared-query write rule: query:write on the new definition's prefix (when it has one) and, for an
    /// update or delete, on the stored query's prefix too.
    /// </summary>
    private async Task AuthorizeWriteAsync(ApiRequest req, QueryDefinition? wanted, string? existingId)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (AuthzFilters.AllowsAll(acl))
        {
            return;
        }

        if (wanted is not null && HasAclPrefix(wanted) && !acl.Authorizer.QueryWrite(wanted.Name))
        {
            throw acl.Denied("query:write", wanted.Name);
        }

        if (existingId is null)
        {
            return;
        }

        var stored = (await queries.GetAsync(existingId, QueryOptions.Default, req.Aborted).ConfigureAwait(false)).Value
            ?? throw ConsulException.Internal($"Cannot modify non-existent prepared query: '{existingId}'");
        if (HasAclPrefix(stored) && !acl.Authorizer.QueryWrite(stored.Name))
        {
            throw acl.Denied("query:write", stored.Name);
        }
    }

    /// <summary>Consul's <c>filterPreparedQueries</c>: a management token sees everything; otherwise queries without a
    /// prefix or without query:read on it are dropped, and stored tokens are redacted.</summary>
    private static IReadOnlyList<QueryDefinition> FilterQueries(AclAuthorization acl, IReadOnlyList<QueryDefinition> list, ref bool removed)
    {
        if (AuthzFilters.AllowsAll(acl) || acl.Authorizer.AclWrite())
        {
            return list;
        }

        var kept = AuthzFilters.Filter(acl, list, static (a, q) => HasAclPrefix(q) && a.QueryRead(q.Name), ref removed);
        return kept.Select(Redact).ToList();
    }

    /// <summary>A single query by ID: readable by anyone holding the ID when it has no prefix, else query:read on the
    /// prefix (denied: Consul's bare <c>Permission denied</c>); tokens are redacted unless the caller has acl:write.</summary>
    private static QueryDefinition ReadableOrDenied(AclAuthorization acl, QueryDefinition q)
    {
        if (AuthzFilters.AllowsAll(acl) || acl.Authorizer.AclWrite())
        {
            return q;
        }

        if (HasAclPrefix(q) && !acl.Authorizer.QueryRead(q.Name))
        {
            throw new ConsulException(ConsulErrorKind.PermissionDenied, Errors.PermissionDenied);
        }

        return Redact(q);
    }

    private static QueryDefinition Redact(QueryDefinition q) => q.Token.Length > 0 ? q with { Token = "<hidden>" } : q;

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
