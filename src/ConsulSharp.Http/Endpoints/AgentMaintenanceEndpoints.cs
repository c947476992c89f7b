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

    private Task NodeAsync(ApiRequest req) =>
        local.SetNodeMaintenanceAsync(ParseEnable(req), req.Query("reason") ?? "", req.Aborted);

    private Task ServiceAsync(ApiRequest req)
    {
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing service ID");
        }

        return local.SetServiceMaintenanceAsync(req.Suffix, ParseEnable(req), req.Query("reason") ?? "", req.Aborted);
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
