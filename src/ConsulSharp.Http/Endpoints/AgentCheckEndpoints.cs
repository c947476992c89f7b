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
        var checks = local.State.Checks().OrderBy(c => c.CheckId, StringComparer.Ordinal).ToList();
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
        await local.AddCheckAsync(def, fromConfigFile: false, req.Aborted, persistJson: doc.RootElement.GetRawText()).ConfigureAwait(false);
    }

    private Task DeregisterAsync(ApiRequest req) => local.RemoveCheckAsync(req.Suffix, req.Aborted);

    private Task TtlAsync(ApiRequest req, string status)
    {
        local.UpdateTtl(req.Suffix, status, req.Query("note") ?? "");
        return Task.CompletedTask;
    }

    private async Task UpdateAsync(ApiRequest req)
    {
        var body = await req.ReadJsonAsync(ConsulJson.CompactContext.CheckUpdateRequest).ConfigureAwait(false);
        if (body.Status is not (HealthStatus.Passing or HealthStatus.Warning or HealthStatus.Critical))
        {
            throw ConsulException.BadRequest($"Invalid check status: '{body.Status}'");
        }

        local.UpdateTtl(req.Suffix, body.Status, body.Output);
    }
}
