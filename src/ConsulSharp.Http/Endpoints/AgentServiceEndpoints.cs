using ConsulSharp.Agent;
using ConsulSharp.Agent.Local;
using ConsulSharp.Core;
using ConsulSharp.Core.Errors;
using ConsulSharp.Http.Routing;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/agent/services</c>, <c>/v1/agent/service/:id</c> (hash blocking), register and deregister.</summary>
public sealed class AgentServiceEndpoints(LocalAgent local, ConsulAgent agent)
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    public void Register(RouteTable routes)
    {
        routes.Get("/v1/agent/services", ListAsync);
        routes.Get("/v1/agent/service/", GetAsync);
        routes.Put("/v1/agent/service/register", RegisterAsync);
        routes.Put("/v1/agent/service/deregister/", DeregisterAsync);
    }

    private async Task ListAsync(ApiRequest req)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var removed = false;
        var services = AuthzFilters.Filter(acl, local.State.Services(), static (a, s) => a.ServiceRead(s.Name), ref removed).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        AuthzFilters.MarkFiltered(req, acl, removed);
        if (req.Query("filter") is { Length: > 0 } expr)
        {
            services = AgentServiceMapping.CompileFilter(AgentServiceMapping.ServiceSchema, expr).Apply(services);
        }

        var dc = agent.Config.Datacenter;
        await req.WriteJsonAsync(services.ToDictionary(s => s.Id, s => AgentServiceMapping.ToDto(s, dc), StringComparer.Ordinal)).ConfigureAwait(false);
    }

    private async Task GetAsync(ApiRequest req)
    {
        var id = req.Suffix;
        var hash = req.Query("hash") ?? "";
        var wait = DefaultWait;
        if (req.Query("wait") is { } w && (!GoDuration.TryParse(w, out wait) || wait < TimeSpan.Zero))
        {
            throw ConsulException.BadRequest(Errors.InvalidWaitTime);
        }

        wait = wait == TimeSpan.Zero ? DefaultWait : wait > MaxWait ? MaxWait : wait;
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (local.State.Service(id) is { } current && !acl.Authorizer.ServiceRead(current.Name))
        {
            throw acl.Denied("service:read", current.Name);
        }

        using var timeout = new CancellationTokenSource(wait, agent.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(req.Aborted, timeout.Token, agent.ShuttingDown);
        while (true)
        {
            var version = local.State.Version;
            var service = local.State.Service(id) ?? throw ConsulException.NotFound($"unknown service ID: {id}");
            var dto = AgentServiceMapping.ToDto(service, agent.Config.Datacenter, withHash: true);
            if (hash.Length == 0 || dto.ContentHash != hash || linked.IsCancellationRequested)
            {
                req.Http.Response.Headers["X-Consul-ContentHash"] = dto.ContentHash;
                await req.WriteJsonAsync(dto).ConfigureAwait(false);
                return;
            }

            try
            {
                await local.State.WaitForChangeAsync(version, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!req.Aborted.IsCancellationRequested)
            {
                // Wait expired: answer with the unchanged service.
            }
        }
    }

    private async Task RegisterAsync(ApiRequest req)
    {
        using var doc = await AgentServiceMapping.ReadDocumentAsync(req).ConfigureAwait(false);
        var def = AgentServiceMapping.Decode(doc.RootElement, e => DefinitionDecoder.DecodeService(e));
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.ServiceWrite(def.Name))
        {
            throw acl.Denied("service:write", def.Name);
        }

        if (local.State.Service(def.Id.Length > 0 ? def.Id : def.Name) is { } replaced && !acl.Authorizer.ServiceWrite(replaced.Name))
        {
            throw acl.Denied("service:write", replaced.Name);
        }

        var replace = req.Flag("replace-existing-checks") && (req.Query("replace-existing-checks") is not { } v || v.Length == 0 || (ApiRequest.TryParseGoBool(v, out var b) && b));
        await local.AddServiceAsync(def, replace, fromConfigFile: false, req.Aborted, persistJson: doc.RootElement.GetRawText()).ConfigureAwait(false);
    }

    private async Task DeregisterAsync(ApiRequest req)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (local.State.Service(req.Suffix) is { } existing && !acl.Authorizer.ServiceWrite(existing.Name))
        {
            throw acl.Denied("service:write", existing.Name);
        }

        await local.RemoveServiceAsync(req.Suffix, req.Aborted).ConfigureAwait(false);
    }
}
