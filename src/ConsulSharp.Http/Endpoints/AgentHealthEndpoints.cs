using ConsulSharp.Agent;
using ConsulSharp.Agent.Local;
using ConsulSharp.Contracts.AgentServices;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Routing;
using Microsoft.AspNetCore.Http;

namespace ConsulSharp.Http.Endpoints;

/// <summary>
/// <c>/v1/agent/health/service/id/:id</c> and <c>/name/:name</c>: the aggregated local health of a service
/// (maintenance, then critical, warning, passing) as 200 passing / 429 warning / 503 critical or maintenance, in JSON
/// or, with <c>?format=text</c> or <c>Accept: text/plain</c>, as the bare status.
/// </summary>
public sealed class AgentHealthEndpoints(LocalAgent local, ConsulAgent agent)
{
    public void Register(RouteTable routes)
    {
        routes.Get("/v1/agent/health/service/id/", ByIdAsync);
        routes.Get("/v1/agent/health/service/name/", ByNameAsync);
    }

    private async Task ByIdAsync(ApiRequest req)
    {
        var id = req.Suffix;
        if (id.Length == 0)
        {
            throw ConsulException.BadRequest("Missing serviceID");
        }

        var text = WantsText(req);
        var service = local.State.Service(id);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (service is not null && !acl.Authorizer.ServiceRead(service.Name))
        {
            throw acl.Denied("service:read", service.Name);
        }

        if (service is null)
        {
            var notFound = $"ServiceId {id} not found";
            req.Http.Response.Headers["X-Consul-Reason"] = notFound;
            if (text)
            {
                await req.WriteTextAsync(StatusCodes.Status404NotFound, notFound).ConfigureAwait(false);
            }
            else
            {
                await req.WriteJsonAsync(new AgentServiceChecksInfo { AggregatedStatus = HealthStatus.Critical }, StatusCodes.Status404NotFound).ConfigureAwait(false);
            }

            return;
        }

        var info = Info(service);
        var code = Code(info.AggregatedStatus);
        req.Http.Response.Headers["X-Consul-Reason"] = info.AggregatedStatus;
        if (text)
        {
            await req.WriteTextAsync(code, info.AggregatedStatus).ConfigureAwait(false);
        }
        else
        {
            await req.WriteJsonAsync(info, code).ConfigureAwait(false);
        }
    }

    private async Task ByNameAsync(ApiRequest req)
    {
        var name = req.Suffix;
        if (name.Length == 0)
        {
            throw ConsulException.BadRequest("Missing service Name");
        }

        var text = WantsText(req);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.ServiceRead(name))
        {
            throw acl.Denied("service:read", name);
        }

        var infos = local.State.Services().Where(s => s.Name == name).OrderBy(s => s.Id, StringComparer.Ordinal).Select(Info).ToList();
        if (infos.Count == 0)
        {
            var notFound = $"ServiceName {name} Not Found";
            req.Http.Response.Headers["X-Consul-Reason"] = notFound;
            if (text)
            {
                await req.WriteTextAsync(StatusCodes.Status404NotFound, notFound).ConfigureAwait(false);
            }
            else
            {
                await req.WriteJsonAsync(infos, StatusCodes.Status404NotFound).ConfigureAwait(false);
            }

            return;
        }

        var worst = infos.Select(i => i.AggregatedStatus).MaxBy(Rank)!;
        var code = Code(worst);
        req.Http.Response.Headers["X-Consul-Reason"] = worst;
        if (text)
        {
            await req.WriteTextAsync(code, worst).ConfigureAwait(false);
        }
        else
        {
            await req.WriteJsonAsync(infos, code).ConfigureAwait(false);
        }
    }

    private AgentServiceChecksInfo Info(ServiceInstance service)
    {
        var checks = local.State.Checks().Where(c => c.ServiceId == service.Id || c.ServiceId.Length == 0)
            .OrderBy(c => c.CheckId, StringComparer.Ordinal).ToList();
        return new AgentServiceChecksInfo
        {
            AggregatedStatus = Aggregate(checks),
            Service = AgentServiceMapping.ToDto(service, agent.Config.Datacenter),
            Checks = checks.Select(AgentServiceMapping.ToDto).ToList(),
        };
    }

    /// <summary>Consul's <c>HealthChecks.AggregatedStatus</c>: maintenance wins, then critical, warning, passing.</summary>
    internal static string Aggregate(IReadOnlyList<HealthCheck> checks)
    {
        if (checks.Any(c => c.CheckId == LocalAgent.NodeMaintenanceCheckId || c.CheckId.StartsWith(LocalAgent.ServiceMaintenancePrefix, StringComparison.Ordinal)))
        {
            return HealthStatus.Maintenance;
        }

        return HealthStatus.Worst(checks.Select(c => c.Status));
    }

    private static int Rank(string status) => status switch
    {
        HealthStatus.Passing => 0,
        HealthStatus.Warning => 1,
        HealthStatus.Critical => 2,
        _ => 3,
    };

    private static int Code(string status) => status switch
    {
        HealthStatus.Passing => StatusCodes.Status200OK,
        HealthStatus.Warning => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    private static bool WantsText(ApiRequest req) =>
        req.Query("format") == "text"
        || req.Http.Request.Headers.Accept.Any(a => a is not null && a.StartsWith("text/plain", StringComparison.Ordinal));
}
