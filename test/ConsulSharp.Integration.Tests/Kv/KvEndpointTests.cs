using System.Net;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.Kv;

public sealed class KvEndpointTests(KvAgentFixture f) : IClassFixture<KvAgentFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SingleGetReturnsOneDirEntryInConsulFieldOrder()
    {
        Assert.Equal("true", await f.PutOkAsync("/v1/kv/single/app?flags=42", "hello"));
        var (status, body, res) = await f.SendAsync(HttpMethod.Get, "/v1/kv/single/app", null, Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", res.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        var e = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        Assert.Equal(["LockIndex", "Key", "Flags", "Value", "CreateIndex", "ModifyIndex"], e.EnumerateObject().Select(p => p.Name));
        Assert.Equal("single/app", e.GetProperty("Key").GetString());
        Assert.Equal(42UL, e.GetProperty("Flags").GetUInt64());
        Assert.Equal("aGVsbG8=", e.GetProperty("Value").GetString());
        Assert.Equal(e.GetProperty("ModifyIndex").GetUInt64(), KvAgentFixture.IndexOf(res));
        Assert.Equal("true", res.Headers.GetValues("X-Consul-KnownLeader").Single());
    }

    [Fact]
    public async Task IndexOfAnExistingKeyIsItsModifyIndexNotTheTables()
    {
        await f.PutOkAsync("/v1/kv/idx/a", "1");
        var a = await f.GetEntryAsync("idx/a");
        await f.PutOkAsync("/v1/kv/idx/b", "2");
        var (_, _, res) = await f.SendAsync(HttpMethod.Get, "/v1/kv/idx/a", null, Ct);
        Assert.Equal(a.GetProperty("ModifyIndex").GetUInt64(), KvAgentFixture.IndexOf(res));
    }

    [Fact]
    public async Task RawReturnsTheBytesWithSafetyHeaders()
    {
        await f.PutOkAsync("/v1/kv/raw/k", "<b>hi</b>");
        var (status, body, res) = await f.SendAsync(HttpMethod.Get, "/v1/kv/raw/k?raw", null, Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("<b>hi</b>", body);
        Assert.Equal("text/plain", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal(9, res.Content.Headers.ContentLength);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox", res.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task MissingKeyIs404WithEmptyBodyAndAnIndex()
    {
        foreach (var q in new[] { "", "?raw", "?recurse" })
        {
            var (status, body, res) = await f.SendAsync(HttpMethod.Get, "/v1/kv/nothing/here" + q, null, Ct);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("", body);
            Assert.True(KvAgentFixture.IndexOf(res) >= 1);
        }
    }

    [Fact]
    public async Task RecurseListsEverythingUnderThePrefix()
    {
        await f.PutOkAsync("/v1/kv/rec/a", "1");
        await f.PutOkAsync("/v1/kv/rec/b/c", "2");
        await f.PutOkAsync("/v1/kv/recx", "3");
        var (status, body, _) = await f.SendAsync(HttpMethod.Get, "/v1/kv/rec/?recurse", null, Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(["rec/a", "rec/b/c"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("Key").GetString()));
        var (_, all, _) = await f.SendAsync(HttpMethod.Get, "/v1/kv/?recurse", null, Ct);
        Assert.Contains("\"recx\"", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysWithSeparatorFoldsFoldersAndAcceptsTheMisspelling()
    {
        await f.PutOkAsync("/v1/kv/keys/app/cfg", "1");
        await f.PutOkAsync("/v1/kv/keys/app/sub/x", "2");
        await f.PutOkAsync("/v1/kv/keys/app/sub/y", "3");
        await f.PutOkAsync("/v1/kv/keys/app/sub/", "");
        foreach (var p in new[] { "separator", "seperator" })
        {
            var (status, body, _) = await f.SendAsync(HttpMethod.Get, $"/v1/kv/keys/app/?keys&{p}=/", null, Ct);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(["keys/app/cfg", "keys/app/sub/"], JsonSerializer.Deserialize<string[]>(body)!);
        }

        var (_, plain, _) = await f.SendAsync(HttpMethod.Get, "/v1/kv/keys/app/?keys", null, Ct);
        Assert.Equal(["keys/app/cfg", "keys/app/sub/", "keys/app/sub/x", "keys/app/sub/y"], JsonSerializer.Deserialize<string[]>(plain)!);
        var (missing, _, _) = await f.SendAsync(HttpMethod.Get, "/v1/kv/keys/none/?keys", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task CasZeroCreatesOnlyAndCasNRequiresTheModifyIndex()
    {
        Assert.Equal("true", await f.PutOkAsync("/v1/kv/cas/k?cas=0", "v1"));
        Assert.Equal("false", await f.PutOkAsync("/v1/kv/cas/k?cas=0", "v2"));
        var idx = (await f.GetEntryAsync("cas/k")).GetProperty("ModifyIndex").GetUInt64();
        Assert.Equal("false", await f.PutOkAsync($"/v1/kv/cas/k?cas={idx + 100}", "v3"));
        Assert.Equal("true", await f.PutOkAsync($"/v1/kv/cas/k?cas={idx}", "v4"));
        Assert.Equal("false", await f.PutOkAsync($"/v1/kv/cas/k?cas={idx}", "v5"));
        Assert.Equal("djQ=", (await f.GetEntryAsync("cas/k")).GetProperty("Value").GetString());
    }

    [Fact]
    public async Task DeleteSingleRecurseAndCas()
    {
        await f.PutOkAsync("/v1/kv/del/a", "1");
        await f.PutOkAsync("/v1/kv/del/b/c", "2");
        await f.PutOkAsync("/v1/kv/del/b/d", "3");
        var (s1, t1, _) = await f.SendAsync(HttpMethod.Delete, "/v1/kv/del/a", null, Ct);
        Assert.Equal((HttpStatusCode.OK, "true"), (s1, t1.Trim()));
        var (s2, t2, _) = await f.SendAsync(HttpMethod.Delete, "/v1/kv/del/a", null, Ct);
        Assert.Equal((HttpStatusCode.OK, "true"), (s2, t2.Trim()));

        var idx = (await f.GetEntryAsync("del/b/c")).GetProperty("ModifyIndex").GetUInt64();
        Assert.Equal("false", (await f.SendAsync(HttpMethod.Delete, "/v1/kv/del/b/c?cas=0", null, Ct)).Body.Trim());
        Assert.Equal("false", (await f.SendAsync(HttpMethod.Delete, $"/v1/kv/del/b/c?cas={idx + 50}", null, Ct)).Body.Trim());
        Assert.Equal("true", (await f.SendAsync(HttpMethod.Delete, $"/v1/kv/del/b/c?cas={idx}", null, Ct)).Body.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/del/b/c", null, Ct)).Status);

        Assert.Equal("true", (await f.SendAsync(HttpMethod.Delete, "/v1/kv/del/?recurse", null, Ct)).Body.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/del/?recurse", null, Ct)).Status);
    }

    [Theory]
    [InlineData("PUT", "/v1/kv/conf?cas=0&acquire=abc", "Conflicting flags: acquire=abc&cas=0\n")]
    [InlineData("PUT", "/v1/kv/conf?release=a&acquire=b", "Conflicting flags: acquire=b&release=a\n")]
    [InlineData("DELETE", "/v1/kv/conf?recurse&cas=3", "Conflicting flags: cas=3&recurse=\n")]
    [InlineData("GET", "/v1/kv/", "Missing key name")]
    [InlineData("PUT", "/v1/kv/", "Missing key name")]
    [InlineData("DELETE", "/v1/kv/", "Missing key name")]
    [InlineData("GET", "/v1/kv/k?stale&consistent", "Cannot specify ?stale with ?consistent, conflicting semantics.")]
    [InlineData("GET", "/v1/kv/k?index=1&wait=5", "Invalid wait time")]
    [InlineData("GET", "/v1/kv/k?index=1&wait=abc", "Invalid wait time")]
    [InlineData("GET", "/v1/kv/k?index=abc", "Invalid index")]
    [InlineData("GET", "/v1/kv/%20lead", "Invalid key: key must not begin or end with whitespace")]
    [InlineData("PUT", "/v1/kv/trail%20", "Invalid key: key must not begin or end with whitespace")]
    public async Task BadRequestsAre400WithConsulsText(string method, string path, string text)
    {
        var (status, body, _) = await f.SendAsync(new HttpMethod(method), path, method == "PUT" ? "x" : null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(text, body);
    }

    [Theory]
    [InlineData("PUT", "/v1/kv/n?flags=x", "strconv.ParseUint: parsing \"x\": invalid syntax")]
    [InlineData("PUT", "/v1/kv/n?cas=-1", "strconv.ParseUint: parsing \"-1\": invalid syntax")]
    [InlineData("DELETE", "/v1/kv/n?cas=zz", "strconv.ParseUint: parsing \"zz\": invalid syntax")]
    [InlineData("PUT", "/v1/kv/n?acquire=", "missing session")]
    public async Task BadNumbersAndSessionsAre500WithGoText(string method, string path, string text)
    {
        var (status, body, _) = await f.SendAsync(new HttpMethod(method), path, method == "PUT" ? "x" : null, Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(text, body);
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/n", null, Ct)).Status);
    }

    [Fact]
    public async Task AcquireWithAnUnknownSessionIs500()
    {
        const string id = "00000000-0000-0000-0000-000000000001";
        var (status, body, _) = await f.SendAsync(HttpMethod.Put, $"/v1/kv/unk?acquire={id}", "x", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal($"invalid session \"{id}\"", body);
    }

    [Theory]
    [InlineData("/v1/kv/a/../b")]
    [InlineData("/v1/kv/a/..%2Fb")]
    [InlineData("/v1/kv/a/%2e%2e%2fb")]
    [InlineData("/v1/kv/a/%252e%252e%252fb")]
    public async Task TraversalKeysAre400(string target)
    {
        var (status, body) = await RawHttp.SendAsync(f.Agent.HttpAddress, "PUT", target, Ct);
        Assert.Equal(400, status);
        Assert.Contains("Invalid key", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpacesPercentAndUnicodeInsideKeysAreAllowed()
    {
        await f.PutOkAsync("/v1/kv/odd/a%20b%25c%C3%A9*:+", "v");
        var e = await f.GetEntryAsync("odd/a%20b%25c%C3%A9*:+");
        Assert.Equal("odd/a b%cé*:+", e.GetProperty("Key").GetString());
    }

    [Fact]
    public async Task ValueOverTheLimitIs413AndNothingIsWritten()
    {
        var big = new string('x', 512 * 1024 + 1);
        var (status, body, _) = await f.SendAsync(HttpMethod.Put, "/v1/kv/big", big, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Request body(524289 bytes) too large, max size: 524288 bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.", body);
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/big", null, Ct)).Status);

        Assert.Equal("true", await f.PutOkAsync("/v1/kv/big", new string('y', 512 * 1024)));
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimitIs413Too()
    {
        using var req = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/bigchunk")
        {
            Content = new StreamContent(new MemoryStream(new byte[600 * 1024])),
        };
        req.Headers.TransferEncodingChunked = true;
        var res = await f.Http.SendAsync(req, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/bigchunk", null, Ct)).Status);
    }

    [Fact]
    public async Task AcquireReleaseTrackSessionAndLockIndex()
    {
        var s1 = await f.CreateSessionAsync();
        var s2 = await f.CreateSessionAsync();
        Assert.Equal("true", await f.PutOkAsync($"/v1/kv/lock/a?acquire={s1}", "held"));
        var e = await f.GetEntryAsync("lock/a");
        Assert.Equal(1UL, e.GetProperty("LockIndex").GetUInt64());
        Assert.Equal(s1, e.GetProperty("Session").GetString());
        Assert.Equal(["LockIndex", "Key", "Flags", "Value", "Session", "CreateIndex", "ModifyIndex"], e.EnumerateObject().Select(p => p.Name));

        // Re-acquiring by the holder succeeds without bumping LockIndex; another session is refused.
        Assert.Equal("true", await f.PutOkAsync($"/v1/kv/lock/a?acquire={s1}", "again"));
        Assert.Equal(1UL, (await f.GetEntryAsync("lock/a")).GetProperty("LockIndex").GetUInt64());
        Assert.Equal("false", await f.PutOkAsync($"/v1/kv/lock/a?acquire={s2}", "steal"));
        Assert.Equal("false", await f.PutOkAsync($"/v1/kv/lock/a?release={s2}", ""));

        Assert.Equal("true", await f.PutOkAsync($"/v1/kv/lock/a?release={s1}", "done"));
        var released = await f.GetEntryAsync("lock/a");
        Assert.False(released.TryGetProperty("Session", out _));
        Assert.Equal(1UL, released.GetProperty("LockIndex").GetUInt64());

        Assert.Equal("true", await f.PutOkAsync($"/v1/kv/lock/a?acquire={s2}", "mine"));
        Assert.Equal(2UL, (await f.GetEntryAsync("lock/a")).GetProperty("LockIndex").GetUInt64());
    }

    [Fact]
    public async Task DestroyedSessionLeavesALockDelayThatBlocksReacquire()
    {
        var s1 = await f.CreateSessionAsync("{\"LockDelay\":\"2s\"}");
        var s2 = await f.CreateSessionAsync("{\"LockDelay\":\"0s\"}");
        Assert.Equal("true", await f.PutOkAsync($"/v1/kv/delay/k?acquire={s1}", "x"));
        Assert.Equal("true", await f.PutOkAsync($"/v1/session/destroy/{s1}"));
        var released = await f.GetEntryAsync("delay/k");
        Assert.False(released.TryGetProperty("Session", out _));

        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("false", await f.PutOkAsync($"/v1/kv/delay/k?acquire={s2}", "y"));
        while (await f.PutOkAsync($"/v1/kv/delay/k?acquire={s2}", "y") != "true")
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(6), "lock delay never ended");
            await Task.Delay(200, Ct);
        }

        Assert.True(sw.Elapsed > TimeSpan.FromSeconds(1.2), $"re-acquired after {sw.Elapsed}");
    }

    [Fact]
    public async Task PlainPutIgnoresALockAndKeepsTheSession()
    {
        var s = await f.CreateSessionAsync();
        await f.PutOkAsync($"/v1/kv/plain/k?acquire={s}", "x");
        Assert.Equal("true", await f.PutOkAsync("/v1/kv/plain/k", "overwritten"));
        var e = await f.GetEntryAsync("plain/k");
        Assert.Equal(s, e.GetProperty("Session").GetString());
        Assert.Equal("b3ZlcndyaXR0ZW4=", e.GetProperty("Value").GetString());
    }
}
