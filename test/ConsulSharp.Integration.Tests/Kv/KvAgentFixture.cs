using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Server;
using ConsulSharp.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConsulSharp.Integration.Tests.Kv;

/// <summary>One dev agent shared by the tests of a class, ready for sessions (leader elected, node registered).</summary>
public sealed class KvAgentFixture : IAsyncLifetime
{
    public TestAgent Agent { get; private set; } = null!;

    public HttpClient Http => Agent.Http;

    public ConsulServer Server => Agent.Host.Services.GetRequiredService<ConsulServer>();

    public async ValueTask InitializeAsync()
    {
        Agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "kv-node" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            using var res = await Http.PutAsync(new Uri("/v1/session/create", UriKind.Relative), new StringContent("{\"Name\":\"probe\"}"), cts.Token);
            if (res.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Agent.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // The in-memory Raft transport is disposed twice on shutdown (Raft node, then server); harmless here.
        }
    }

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? body = null, CancellationToken ct = default)
    {
        using var req = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            req.Content = new StringContent(body, Encoding.UTF8);
        }

        var res = await Http.SendAsync(req, ct);
        return (res.StatusCode, await res.Content.ReadAsStringAsync(ct), res);
    }

    public async Task<string> PutOkAsync(string path, string? body = null)
    {
        var (status, text, _) = await SendAsync(HttpMethod.Put, path, body, TestContext.Current.CancellationToken);
        Assert.True(status == HttpStatusCode.OK, $"PUT {path}: {(int)status} {text}");
        return text.Trim();
    }

    public async Task<string> CreateSessionAsync(string body = "{}")
    {
        var text = await PutOkAsync("/v1/session/create", body);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("ID").GetString()!;
    }

    public async Task<JsonElement> GetEntryAsync(string key)
    {
        var (status, text, _) = await SendAsync(HttpMethod.Get, "/v1/kv/" + key, null, TestContext.Current.CancellationToken);
        Assert.True(status == HttpStatusCode.OK, $"GET {key}: {(int)status} {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement[0].Clone();
    }

    public static ulong IndexOf(HttpResponseMessage res) => ulong.Parse(res.Headers.GetValues("X-Consul-Index").Single(), System.Globalization.CultureInfo.InvariantCulture);
}
