namespace ConsulSharp.Http.Routing;

/// <summary>Receives one sample per served request (<c>consul.api.http</c>).</summary>
public interface IHttpMetrics
{
    void RecordRequest(string method, string routePattern, TimeSpan elapsed);
}
