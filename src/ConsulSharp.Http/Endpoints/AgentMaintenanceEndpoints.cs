using ConsulSharp.Agent.Local;
using ConsulSharp.Core.Errors;
using ConsulSharp.Http.Routing;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>PUT /v1/agent/maintenance</c> (node) and <c>PUT /v1/agent/service/maintenance/:id</c>.</summary>
public sealed class AgentMaintenanceEndpoints(LocalAgent local)
{
    public void Register(RouteTable routes)
    {
        routes.Put("/v1/agent/maintenance", NodeAsync);
        routes.Put("/v1/agent/service/maintenance/", ServiceAsync);
    }

    private async Task NodeAsync(ApiRequest req)
    {
        var enable = ParseEnable(req);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.NodeWrite(local.NodeName))
        {
            throw acl.Denied("node:write", local.NodeName);
        }

        await local.SetNodeMaintenanceAsync(enable, req.Query("reason") ?? "", req.Aborted).ConfigureAwait(false);
    }

    private async Task ServiceAsync(ApiRequest req)
    {
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing service ID");
        }

        var enable = ParseEnable(req);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (local.State.Service(req.Suffix) is { } service && !acl.Authorizer.ServiceWrite(service.Name))
        {
            throw acl.Denied("service:write", service.Name);
        }

        await local.SetServiceMaintenanceAsync(req.Suffix, enable, req.Query("reason") ?? "", req.Aborted).ConfigureAwait(false);
    }

    private static bool ParseEnable(ApiRequest req)
    {
        var raw = req.Query("enable");
        if (raw is null or "")
        {
            throw ConsulException.BadRequest("Missing value for enable");
        }

        if (!ApiRequest.TryParseGoBool(raw, out var enable))
        {
            throw ConsulException.BadRequest($"Invalid value for enable: \"{raw}\"");
        }

        return enable;
    }
}
