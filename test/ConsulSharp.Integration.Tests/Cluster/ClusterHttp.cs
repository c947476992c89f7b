using System.Net;
using System.Text;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Cluster;

/// <summary>Small raw-HTTP helpers for cluster tests.</summary>
internal static class ClusterHttp
{
    public static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(TestAgent agent, string url, CancellationToken ct = default)
    {
        var res = await agent.Http.GetAsync(new Uri(url, UriKind.Relative), ct);
        var body = await res.Content.ReadAsStringAsync(ct);
        return (res.StatusCode, body, res);
    }

    public static async Task<(HttpStatusCode Status, string Body)> PutAsync(TestAgent agent, string url, string body, CancellationToken ct = default)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        using var res = await agent.Http.PutAsync(new Uri(url, UriKind.Relative), content, ct);
        return (res.StatusCode, await res.Content.ReadAsStringAsync(ct));
    }

    public static string Header(HttpResponseMessage res, string name) =>
        res.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : "";

    /// <summary>Polls until <paramref name="check"/> holds (replication to followers is asynchronous).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> check, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (!await check())
        {
            await Task.Delay(25, cts.Token);
        }
    }
}
