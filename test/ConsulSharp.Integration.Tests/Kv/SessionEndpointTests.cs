using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.Kv;

public sealed class SessionEndpointTests(KvAgentFixture f) : IClassFixture<KvAgentFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement[]> ReadAsync(string path)
    {
        var (status, body, res) = await f.SendAsync(HttpMethod.Get, path, null, Ct);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {body}");
        Assert.True(KvAgentFixture.IndexOf(res) >= 1);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    [Fact]
    public async Task CreateAppliesConsulsDefaults()
    {
        var id = await f.CreateSessionAsync();
        Assert.True(Guid.TryParse(id, out _));
        var s = Assert.Single(await ReadAsync("/v1/session/info/" + id));
        Assert.Equal(["ID", "Name", "Node", "LockDelay", "Behavior", "TTL", "NodeChecks", "ServiceChecks", "CreateIndex", "ModifyIndex"], s.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, s.GetProperty("ID").GetString());
        Assert.Equal("", s.GetProperty("Name").GetString());
        Assert.Equal("kv-node", s.GetProperty("Node").GetString());
        Assert.Equal(15_000_000_000L, s.GetProperty("LockDelay").GetInt64());
        Assert.Equal("release", s.GetProperty("Behavior").GetString());
        Assert.Equal("", s.GetProperty("TTL").GetString());
        Assert.Equal(["serfHealth"], s.GetProperty("NodeChecks").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, s.GetProperty("ServiceChecks").ValueKind);
    }

    [Theory]
    [InlineData("{\"LockDelay\":5}", 5_000_000_000L)]
    [InlineData("{\"LockDelay\":\"15ns\"}", 15_000_000_000L)]
    [InlineData("{\"LockDelay\":\"1.5s\"}", 1_500_000_000L)]
    [InlineData("{\"LockDelay\":2000000000}", 2_000_000_000L)]
    [InlineData("{\"lockdelay\":\"3s\",\"Unknown\":1}", 3_000_000_000L)]
    public async Task LockDelayTakesDurationsAndSmallNumbersAsSeconds(string body, long ns)
    {
        var id = await f.CreateSessionAsync(body);
        Assert.Equal(ns, Assert.Single(await ReadAsync("/v1/session/info/" + id)).GetProperty("LockDelay").GetInt64());
    }

    [Theory]
    [InlineData("{\"TTL\":\"5s\"}", "Invalid Session TTL '5000000000', must be between [10s=24h0m0s]")]
    [InlineData("{\"TTL\":\"25h\"}", "Invalid Session TTL '90000000000000', must be between [10s=24h0m0s]")]
    [InlineData("{\"TTL\":\"abc\"}", "Session TTL 'abc' invalid: time: invalid duration \"abc\"")]
    [InlineData("{\"Behavior\":\"explode\"}", "Invalid Behavior setting 'explode'")]
    [InlineData("{\"NodeChecks\":[\"no-such-check\"]}", "Missing check 'no-such-check' registration")]
    [InlineData("{\"Node\":\"ghost\"}", "Missing node registration")]
    public async Task InvalidCreatesAre500WithConsulsText(string body, string text)
    {
        var (status, res, _) = await f.SendAsync(HttpMethod.Put, "/v1/session/create", body, Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(text, res);
    }

    [Fact]
    public async Task TtlWithinBoundsIsKeptAsWritten()
    {
        var id = await f.CreateSessionAsync("{\"TTL\":\"10s\",\"Name\":\"ttl\",\"Behavior\":\"delete\"}");
        var s = Assert.Single(await ReadAsync("/v1/session/info/" + id));
        Assert.Equal("10s", s.GetProperty("TTL").GetString());
        Assert.Equal("delete", s.GetProperty("Behavior").GetString());
        Assert.Equal("true", await f.PutOkAsync("/v1/session/destroy/" + id));
    }

    [Fact]
    public async Task InfoListNodeAndMissingArguments()
    {
        var id = await f.CreateSessionAsync("{\"Name\":\"listed\"}");
        Assert.Empty(await ReadAsync("/v1/session/info/00000000-0000-0000-0000-000000000000"));
        Assert.Contains(await ReadAsync("/v1/session/list"), s => s.GetProperty("ID").GetString() == id);
        Assert.Contains(await ReadAsync("/v1/session/node/kv-node"), s => s.GetProperty("ID").GetString() == id);
        Assert.Empty(await ReadAsync("/v1/session/node/other-node"));

        Assert.Equal((HttpStatusCode.BadRequest, "Missing session"), Strip(await f.SendAsync(HttpMethod.Get, "/v1/session/info/", null, Ct)));
        Assert.Equal((HttpStatusCode.BadRequest, "Missing node name"), Strip(await f.SendAsync(HttpMethod.Get, "/v1/session/node/", null, Ct)));
        Assert.Equal((HttpStatusCode.BadRequest, "Missing session"), Strip(await f.SendAsync(HttpMethod.Put, "/v1/session/destroy/", null, Ct)));
        Assert.Equal((HttpStatusCode.BadRequest, "Missing session"), Strip(await f.SendAsync(HttpMethod.Put, "/v1/session/renew/", null, Ct)));
    }

    [Fact]
    public async Task RenewAnswersTheSessionOr404()
    {
        var id = await f.CreateSessionAsync("{\"TTL\":\"30s\"}");
        var text = await f.PutOkAsync("/v1/session/renew/" + id);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(id, doc.RootElement[0].GetProperty("ID").GetString());
        Assert.Equal("30s", doc.RootElement[0].GetProperty("TTL").GetString());

        const string unknown = "11111111-2222-3333-4444-555555555555";
        var (status, body, _) = await f.SendAsync(HttpMethod.Put, "/v1/session/renew/" + unknown, null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Session id '{unknown}' not found", body);
        Assert.Equal("true", await f.PutOkAsync("/v1/session/destroy/" + unknown));
    }

    [Fact]
    public async Task DestroyReleasesLocksUnderReleaseBehavior()
    {
        var id = await f.CreateSessionAsync("{\"LockDelay\":\"0s\"}");
        await f.PutOkAsync($"/v1/kv/sess/rel?acquire={id}", "v");
        Assert.Equal("true", await f.PutOkAsync("/v1/session/destroy/" + id));
        var e = await f.GetEntryAsync("sess/rel");
        Assert.False(e.TryGetProperty("Session", out _));
        Assert.Equal("dg==", e.GetProperty("Value").GetString());
        Assert.Empty(await ReadAsync("/v1/session/info/" + id));
    }

    [Fact]
    public async Task DestroyDeletesKeysUnderDeleteBehavior()
    {
        var id = await f.CreateSessionAsync("{\"Behavior\":\"delete\"}");
        await f.PutOkAsync($"/v1/kv/sess/del1?acquire={id}", "v");
        await f.PutOkAsync($"/v1/kv/sess/del2?acquire={id}", "v");
        await f.PutOkAsync("/v1/kv/sess/keep", "v");
        Assert.Equal("true", await f.PutOkAsync("/v1/session/destroy/" + id));
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/sess/del1", null, Ct)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/sess/del2", null, Ct)).Status);
        Assert.Equal(HttpStatusCode.OK, (await f.SendAsync(HttpMethod.Get, "/v1/kv/sess/keep", null, Ct)).Status);
    }

    [Fact]
    public async Task TtlExpiresAfterTwiceTheTtlAndReleasesItsLocks()
    {
        // session_ttl_min is 10 s, so this is the one slow test (about 20 s).
        var sw = Stopwatch.StartNew();
        var id = await f.CreateSessionAsync("{\"TTL\":\"10s\",\"LockDelay\":\"0s\"}");
        await f.PutOkAsync($"/v1/kv/sess/ttl?acquire={id}", "v");
        var index = KvAgentFixture.IndexOf((await f.SendAsync(HttpMethod.Get, "/v1/session/info/" + id, null, Ct)).Response);
        await Task.Delay(TimeSpan.FromSeconds(11), Ct);
        Assert.Single(await ReadAsync("/v1/session/info/" + id));

        // Block on the session: it must vanish before the 2x TTL grace plus slack.
        while (true)
        {
            var (_, body, res) = await f.SendAsync(HttpMethod.Get, $"/v1/session/info/{id}?index={index}&wait=5s", null, Ct);
            index = KvAgentFixture.IndexOf(res);
            if (body.Trim() == "[]")
            {
                break;
            }

            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(26), "the session never expired");
        }

        Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(26));
        Assert.False((await f.GetEntryAsync("sess/ttl")).TryGetProperty("Session", out _));
    }

    private static (HttpStatusCode, string) Strip((HttpStatusCode Status, string Body, HttpResponseMessage _) r) => (r.Status, r.Body);
}
