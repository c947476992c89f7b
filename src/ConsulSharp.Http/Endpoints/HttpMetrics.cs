using ConsulSharp.Agent.Metrics;
using ConsulSharp.Http.Routing;

namespace ConsulSharp.Http.Endpoints;

/// <summary>Records <c>consul.api.http</c> samples labelled by method and route pattern (<c>v1_kv_</c>).</summary>
public sealed class HttpMetrics(AgentMetrics metrics) : IHttpMetrics
{
    public void RecordRequest(string method, string routePattern, TimeSpan elapsed)
    {
        var path = routePattern.TrimStart('/').Replace('/', '_');
        metrics.AddSample("consul.api.http", elapsed.TotalMilliseconds, $"method={method},path={path}");
    }
}
