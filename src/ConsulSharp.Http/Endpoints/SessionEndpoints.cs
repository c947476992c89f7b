using System.Text.Json;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Session;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/session/*</c>: create, destroy, renew, info, node, list.</summary>
public sealed class SessionEndpoints(SessionService sessions, HttpApiOptions options, Agent.ConsulAgent agent)
{
    private static readonly TimeSpan DefaultLockDelay = TimeSpan.FromSeconds(15);

    public void Register(RouteTable routes)
    {
        routes.Put("/v1/session/create", CreateAsync);
        routes.Put("/v1/session/destroy/", DestroyAsync);
        routes.Put("/v1/session/renew/", RenewAsync);
        routes.Get("/v1/session/info/", InfoAsync);
        routes.Get("/v1/session/node/", NodeAsync);
        routes.Get("/v1/session/list", ListAsync);
    }

    private async Task CreateAsync(ApiRequest req)
    {
        var body = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
        SessionCreateRequest create = new();
        if (body.Length > 0)
        {
            try
            {
                create = JsonSerializer.Deserialize(body, ConsulJson.CompactContext.SessionCreateRequest) ?? new();
            }
            catch (JsonException ex)
            {
                throw ConsulException.BadRequest(Errors.RequestDecodeFailed + ex.Message.Split(" Path:")[0]);
            }
        }

        var nodeChecks = create.Checks ?? create.NodeChecks ?? ["serfHealth"];
        var session = new Session
        {
            Id = "",
            Name = create.Name ?? "",
            Node = string.IsNullOrEmpty(create.Node) ? agent.Config.NodeName : create.Node,
            NodeChecks = nodeChecks,
            ServiceChecks = create.ServiceChecks?.Select(s => s.ID).ToList() ?? [],
            LockDelay = ParseLockDelay(create.LockDelay),
            Behavior = create.Behavior ?? "",
            Ttl = create.TTL ?? "",
        };
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.SessionWrite(session.Node))
        {
            throw acl.Denied("session:write", session.Node);
        }

        var id = await sessions.CreateAsync(session, req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(new SessionIdResponse(id)).ConfigureAwait(false);
    }

    private async Task DestroyAsync(ApiRequest req)
    {
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing session");
        }

        await AuthorizeSessionWriteAsync(req).ConfigureAwait(false);
        await sessions.DestroyAsync(req.Suffix, req.Aborted).ConfigureAwait(false);
        await req.WriteBoolAsync(true).ConfigureAwait(false);
    }

    private async Task RenewAsync(ApiRequest req)
    {
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing session");
        }

        await AuthorizeSessionWriteAsync(req).ConfigureAwait(false);
        var res = await sessions.RenewAsync(req.Suffix, Core.Requests.QueryOptions.Default, req.Aborted).ConfigureAwait(false);
        if (res.Value is null)
        {
            throw ConsulException.NotFound($"Session id '{req.Suffix}' not found");
        }

        await req.WriteJsonAsync(new List<SessionEntry> { ToDto(res.Value) }).ConfigureAwait(false);
    }

    private async Task InfoAsync(ApiRequest req)
    {
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing session");
        }

        var opts = req.ParseQueryOptions(options.DefaultQueryTime, options.MaxQueryTime);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await sessions.GetAsync(req.Suffix, opts, req.Aborted).ConfigureAwait(false);
        req.SetMeta(res.Meta);
        var removed = false;
        var found = res.Value is null ? [] : AuthzFilters.Filter(acl, [res.Value], static (a, x) => a.SessionRead(x.Node), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(found.Select(ToDto).ToList()).ConfigureAwait(false);
    }

    private async Task NodeAsync(ApiRequest req)
    {
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing node name");
        }

        var opts = req.ParseQueryOptions(options.DefaultQueryTime, options.MaxQueryTime);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await sessions.NodeSessionsAsync(req.Suffix, opts, req.Aborted).ConfigureAwait(false);
        req.SetMeta(res.Meta);
        var removed = false;
        var list = AuthzFilters.Filter(acl, res.Value, static (a, x) => a.SessionRead(x.Node), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(list.Select(ToDto).ToList()).ConfigureAwait(false);
    }

    private async Task ListAsync(ApiRequest req)
    {
        var opts = req.ParseQueryOptions(options.DefaultQueryTime, options.MaxQueryTime);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await sessions.ListAsync(opts, req.Aborted).ConfigureAwait(false);
        req.SetMeta(res.Meta);
        var removed = false;
        var list = AuthzFilters.Filter(acl, res.Value, static (a, x) => a.SessionRead(x.Node), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(list.Select(ToDto).ToList()).ConfigureAwait(false);
    }

    /// <summary>Destroy and renew: session:write on the session's node (an unknown session passes, as in Consul).</summary>
    private async Task AuthorizeSessionWriteAsync(ApiRequest req)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (AuthzFilters.AllowsAll(acl))
        {
            return;
        }

        var existing = (await sessions.GetAsync(req.Suffix, Core.Requests.QueryOptions.Default, req.Aborted).ConfigureAwait(false)).Value;
        if (existing is not null && !acl.Authorizer.SessionWrite(existing.Node))
        {
            throw acl.Denied("session:write", existing.Node);
        }
    }

    /// <summary>LockDelay: a Go duration string or a number of nanoseconds, where values below 1000 mean seconds.</summary>
    internal static TimeSpan ParseLockDelay(JsonElement? value)
    {
        if (value is not { } v || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return DefaultLockDelay;
        }

        if (!Core.GoDuration.TryReadLenient(v, out var ns, out var error))
        {
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + error);
        }

        // As Consul: a value under 1000 ns means that many seconds ("15" and "15ns" are both 15 s).
        return ns < 1000 ? TimeSpan.FromSeconds(ns) : Core.GoDuration.FromNanoseconds(ns);
    }

    internal static SessionEntry ToDto(Session s) => new()
    {
        ID = s.Id,
        Name = s.Name,
        Node = s.Node,
        LockDelay = s.LockDelay.Ticks * 100,
        Behavior = s.Behavior,
        TTL = s.Ttl,
        NodeChecks = s.NodeChecks.ToList(),
        ServiceChecks = s.ServiceChecks.Count == 0 ? null : s.ServiceChecks.Select(id => new ServiceCheckRef { ID = id }).ToList(),
        CreateIndex = s.CreateIndex,
        ModifyIndex = s.ModifyIndex,
    };
}
