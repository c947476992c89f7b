using System.Collections.Concurrent;
using ConsulSharp.Agent.Metrics;
using ConsulSharp.Http.Routing;

namespace ConsulSharp.Http.Endpoints;

/// <summary>Records <c>consul.api.http</c> samples labelled by method and route pattern (<c>v1_kv_</c>).</summary>
public sealed class HttpMetrics(AgentMetrics metrics) : IHttpMetrics
{
    // One label string per (method, route): built once, not per request.
    private readonly ConcurrentDictionary<(string Method, string Pattern), string> _labels = new();

    public void RecordRequest(string method, string routePattern, TimeSpan elapsed)
    {
        var labels = _labels.GetOrAdd((method, routePattern), static k => $"method={k.Method},path={k.Pattern.TrimStart('/').Replace('/', '_')}");
        metrics.AddSample("consul.api.http", elapsed.TotalMilliseconds, labels);
    }
}
