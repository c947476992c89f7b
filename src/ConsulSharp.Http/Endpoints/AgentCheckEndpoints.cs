using ConsulSharp.Agent.Local;
using ConsulSharp.Contracts;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Routing;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/agent/checks</c> and <c>/v1/agent/check/*</c>: register, deregister, TTL pass/warn/fail/update.</summary>
public sealed class AgentCheckEndpoints(LocalAgent local)
{
    public void Register(RouteTable routes)
    {
        routes.Get("/v1/agent/checks", ListAsync);
        routes.Put("/v1/agent/check/register", RegisterAsync);
        routes.Put("/v1/agent/check/deregister/", DeregisterAsync);
        routes.Put("/v1/agent/check/pass/", req => TtlAsync(req, HealthStatus.Passing));
        routes.Put("/v1/agent/check/warn/", req => TtlAsync(req, HealthStatus.Warning));
        routes.Put("/v1/agent/check/fail/", req => TtlAsync(req, HealthStatus.Critical));
        routes.Put("/v1/agent/check/update/", UpdateAsync);
    }

    private async Task ListAsync(ApiRequest req)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var removed = false;
        var checks = AuthzFilters.Filter(acl, local.State.Checks(), AuthzFilters.CheckAllowed, ref removed).OrderBy(c => c.CheckId, StringComparer.Ordinal).ToList();
        AuthzFilters.MarkFiltered(req, acl, removed);
        if (req.Query("filter") is { Length: > 0 } expr)
        {
            checks = AgentServiceMapping.CompileFilter(AgentServiceMapping.CheckSchema, expr).Apply(checks);
        }

        await req.WriteJsonAsync(checks.ToDictionary(c => c.CheckId, AgentServiceMapping.ToDto, StringComparer.Ordinal)).ConfigureAwait(false);
    }

    private async Task RegisterAsync(ApiRequest req)
    {
        using var doc = await AgentServiceMapping.ReadDocumentAsync(req).ConfigureAwait(false);
        var def = AgentServiceMapping.Decode(doc.RootElement, e => DefinitionDecoder.DecodeCheck(e));
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (def.ServiceId.Length == 0)
        {
            if (!acl.Authorizer.NodeWrite(local.NodeName))
            {
                throw acl.Denied("node:write", local.NodeName);
            }
        }
        else if (local.State.Service(def.ServiceId) is { } service && !acl.Authorizer.ServiceWrite(service.Name))
        {
            throw acl.Denied("service:write", service.Name);
        }

        await local.AddCheckAsync(def, fromConfigFile: false, req.Aborted, persistJson: doc.RootElement.GetRawText()).ConfigureAwait(false);
    }

    private async Task DeregisterAsync(ApiRequest req)
    {
        await AuthorizeCheckUpdateAsync(req, req.Suffix).ConfigureAwait(false);
        await local.RemoveCheckAsync(req.Suffix, req.Aborted).ConfigureAwait(false);
    }

    private async Task TtlAsync(ApiRequest req, string status)
    {
        await AuthorizeCheckUpdateAsync(req, req.Suffix).ConfigureAwait(false);
        local.UpdateTtl(req.Suffix, status, req.Query("note") ?? "");
    }

    /// <summary>Consul's <c>vetCheckUpdate</c>: service:write for a service's check, node:write for a node check
    /// (an unknown check is left to the handler's own 404).</summary>
    private async Task AuthorizeCheckUpdateAsync(ApiRequest req, string checkId)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (local.State.Check(checkId) is not { } check)
        {
            return;
        }

        if (check.ServiceId.Length > 0)
        {
            if (!acl.Authorizer.ServiceWrite(check.ServiceName))
            {
                throw acl.Denied("service:write", check.ServiceName);
            }
        }
        else if (!acl.Authorizer.NodeWrite(local.NodeName))
        {
            throw acl.Denied("node:write", local.NodeName);
        }
    }

    private async Task UpdateAsync(ApiRequest req)
    {
        var body = await req.ReadJsonAsync(ConsulJson.CompactContext.CheckUpdateRequest).ConfigureAwait(false);
        if (body.Status is not (HealthStatus.Passing or HealthStatus.Warning or HealthStatus.Critical))
        {
            throw ConsulException.BadRequest($"Invalid check status: '{body.Status}'");
        }

        await AuthorizeCheckUpdateAsync(req, req.Suffix).ConfigureAwait(false);
        local.UpdateTtl(req.Suffix, body.Status, body.Output);
    }
}
