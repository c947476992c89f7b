using System.Diagnostics;
using System.Net;
using ConsulSharp.Http.Endpoints;
using ConsulSharp.State;
using Microsoft.Extensions.DependencyInjection;

namespace ConsulSharp.Integration.Tests.Kv;

/// <summary>Many blocking readers woken by one write: one serialized body for all, each request still its own format.</summary>
public sealed class KvFanOutTests(KvAgentFixture f) : IClassFixture<KvAgentFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private KvEndpoints Kv => f.Agent.Host.Services.GetRequiredService<KvEndpoints>();

    private async Task<ulong> IndexOfAsync(string path) => KvAgentFixture.IndexOf((await f.SendAsync(HttpMethod.Get, path, null, Ct)).Response);

    [Fact]
    public async Task WatchersWokenByOneWriteShareOneBodyAndRawWatchersGetTheRawValue()
    {
        await f.PutOkAsync("/v1/kv/fan/one", "before");
        var index = await IndexOfAsync("/v1/kv/fan/one");
        var json = Enumerable.Range(0, 20).Select(_ => f.SendAsync(HttpMethod.Get, $"/v1/kv/fan/one?index={index}&wait=30s", null, Ct)).ToArray();
        var raw = Enumerable.Range(0, 5).Select(_ => f.SendAsync(HttpMethod.Get, $"/v1/kv/fan/one?raw&index={index}&wait=30s", null, Ct)).ToArray();
        await WaitForWaitersAsync(WatchKey.KvKey("fan/one"), 25);
        Assert.Equal(25, await BlockingGaugeAsync()); // consul.rpc.queries_blocking

        var before = Kv.BodiesSerialized;
        await f.PutOkAsync("/v1/kv/fan/one", "after");
        var jsonResults = await Task.WhenAll(json).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var rawResults = await Task.WhenAll(raw).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.All(jsonResults, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Single(jsonResults.Select(r => r.Body).Distinct());
        Assert.Contains("\"YWZ0ZXI=\"", jsonResults[0].Body, StringComparison.Ordinal); // base64("after")
        Assert.All(jsonResults, r => Assert.True(KvAgentFixture.IndexOf(r.Response) > index));
        Assert.All(rawResults, r => Assert.Equal("after", r.Body));
        Assert.All(rawResults, r => Assert.Equal("text/plain", r.Response.Content.Headers.ContentType?.MediaType));
        // 20 JSON watchers, one body (two threads can miss at the same moment; without sharing this is 20).
        Assert.InRange(Kv.BodiesSerialized - before, 1, Environment.ProcessorCount);
        Assert.Equal(0, await BlockingGaugeAsync());
    }

    private async Task<int> BlockingGaugeAsync()
    {
        var (_, body, _) = await f.SendAsync(HttpMethod.Get, "/v1/agent/metrics", null, Ct);
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        return (int)doc.RootElement.GetProperty("Gauges").EnumerateArray()
            .Single(g => g.GetProperty("Name").GetString() == "consul.rpc.queries_blocking").GetProperty("Value").GetDouble();
    }

    [Fact]
    public async Task ASharedBodyIsNeverServedForAnotherResult()
    {
        // Same shape, same count, different rows: the listing of b/ must not reuse a/'s body, nor a key its old value.
        await f.PutOkAsync("/v1/kv/fan/a/x", "1");
        await f.PutOkAsync("/v1/kv/fan/b/x", "1");
        var a = await f.SendAsync(HttpMethod.Get, "/v1/kv/fan/a/?recurse", null, Ct);
        var b = await f.SendAsync(HttpMethod.Get, "/v1/kv/fan/b/?recurse", null, Ct);
        Assert.Contains("\"fan/a/x\"", a.Body, StringComparison.Ordinal);
        Assert.Contains("\"fan/b/x\"", b.Body, StringComparison.Ordinal);

        var keysA = await f.SendAsync(HttpMethod.Get, "/v1/kv/fan/a/?keys", null, Ct);
        var keysB = await f.SendAsync(HttpMethod.Get, "/v1/kv/fan/b/?keys", null, Ct);
        Assert.Contains("fan/a/x", keysA.Body, StringComparison.Ordinal);
        Assert.Contains("fan/b/x", keysB.Body, StringComparison.Ordinal);

        await f.PutOkAsync("/v1/kv/fan/a/x", "2");
        var again = await f.SendAsync(HttpMethod.Get, "/v1/kv/fan/a/?recurse", null, Ct);
        Assert.Contains("\"Mg==\"", again.Body, StringComparison.Ordinal);
        var one = await f.GetEntryAsync("fan/a/x");
        Assert.Equal("Mg==", one.GetProperty("Value").GetString());
    }

    [Fact]
    public async Task PrefixWatchersWokenByOneWriteShareOneListing()
    {
        await f.PutOkAsync("/v1/kv/fan/list/1", "a");
        var index = await IndexOfAsync("/v1/kv/fan/list/?recurse");
        var list = Enumerable.Range(0, 10).Select(_ => f.SendAsync(HttpMethod.Get, $"/v1/kv/fan/list/?recurse&index={index}&wait=30s", null, Ct)).ToArray();
        await WaitForWaitersAsync(WatchKey.KvPrefix("fan/list/"), 10);

        var before = Kv.BodiesSerialized;
        await f.PutOkAsync("/v1/kv/fan/list/2", "b");
        var results = await Task.WhenAll(list).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Single(results.Select(r => r.Body).Distinct());
        Assert.Contains("\"fan/list/2\"", results[0].Body, StringComparison.Ordinal);
        Assert.InRange(Kv.BodiesSerialized - before, 1, Environment.ProcessorCount);
    }

    private async Task WaitForWaitersAsync(WatchKey key, int count)
    {
        var sw = Stopwatch.StartNew();
        while (f.Server.State.WaitersOf(key) < count)
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"only {f.Server.State.WaitersOf(key)} of {count} readers are waiting");
            await Task.Delay(20, Ct);
        }
    }
}
