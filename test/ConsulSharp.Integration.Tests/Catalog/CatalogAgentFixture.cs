using System.Text;
using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Catalog;

/// <summary>One dev agent shared by the catalog/health test classes (each test uses its own node and service names).</summary>
public sealed class CatalogAgentFixture : IAsyncLifetime
{
    public const string SelfNode = "cat-self";

    public TestAgent Agent { get; private set; } = null!;

    public HttpClient Http => Agent.Http;

    public async ValueTask InitializeAsync()
    {
        Agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = SelfNode });
        // The leader registers itself (node, serfHealth, consul service) shortly after winning the election.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var res = await Http.GetAsync("/v1/health/node/" + SelfNode, cts.Token);
            if (res.IsSuccessStatusCode && (await res.Content.ReadAsStringAsync(cts.Token)).Contains("serfHealth", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50, cts.Token);
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
            // Known bug outside this area: ConsulServer disposes the Raft transport that RaftNode already disposed
            // (InMemoryTransport then cancels a disposed token). Reported to the lead; not a catalog behaviour.
        }
    }

    public async Task<HttpResponseMessage> PutAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await Http.PutAsync(path, content, TestContext.Current.CancellationToken);
    }

    /// <summary>PUT /v1/catalog/register and assert Consul's <c>true</c>.</summary>
    public async Task RegisterAsync(string json)
    {
        var res = await PutAsync("/v1/catalog/register", json);
        var body = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(res.IsSuccessStatusCode, body);
        Assert.Equal("true", body);
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(string path)
    {
        var res = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        var text = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(res.IsSuccessStatusCode, $"{(int)res.StatusCode} {text}");
        using var doc = JsonDocument.Parse(text);
        return (res, doc.RootElement.Clone());
    }

    public async Task<(int Status, string Text)> GetTextAsync(string path)
    {
        var res = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        return ((int)res.StatusCode, await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static string Header(HttpResponseMessage res, string name) =>
        res.Headers.TryGetValues(name, out var v) ? v.First() : "";

    public static ulong Index(HttpResponseMessage res) => ulong.Parse(Header(res, "X-Consul-Index"), System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];
}
