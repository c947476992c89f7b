using System.Net;
using System.Text;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.Kv;

public sealed class TxnEndpointTests(KvAgentFixture f) : IClassFixture<KvAgentFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> TxnAsync(string body, string query = "")
    {
        var (status, text, res) = await f.SendAsync(HttpMethod.Put, "/v1/txn" + query, body, Ct);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)status} {text}");
        using var doc = JsonDocument.Parse(text);
        return (status, doc.RootElement.Clone(), res);
    }

    [Fact]
    public async Task MixedOperationsApplyAndReturnResults()
    {
        var (status, body, _) = await TxnAsync($$$"""
            [
              {"KV":{"Verb":"set","Key":"txn/a","Value":"{{{B64("one")}}}","Flags":7}},
              {"KV":{"Verb":"set","Key":"txn/b","Value":"{{{B64("two")}}}"}},
              {"KV":{"Verb":"get","Key":"txn/a"}},
              {"KV":{"Verb":"delete","Key":"txn/b"}}
            ]
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Results", "Errors"], body.EnumerateObject().Select(p => p.Name).Take(2));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("Errors").ValueKind);
        var results = body.GetProperty("Results").EnumerateArray().Select(r => r.GetProperty("KV")).ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("Value").ValueKind);
        Assert.Equal(B64("one"), results[2].GetProperty("Value").GetString());
        Assert.Equal(7UL, results[2].GetProperty("Flags").GetUInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/txn/b", null, Ct)).Status);
    }

    [Fact]
    public async Task AFailedCasRollsBackEverything()
    {
        var (status, body, _) = await TxnAsync($$$"""
            [
              {"KV":{"Verb":"set","Key":"txn/rb1","Value":"{{{B64("x")}}}"}},
              {"KV":{"Verb":"cas","Key":"txn/rb2","Value":"{{{B64("y")}}}","Index":999999}}
            ]
            """);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("Results").ValueKind);
        var err = Assert.Single(body.GetProperty("Errors").EnumerateArray().ToList());
        Assert.Equal(1, err.GetProperty("OpIndex").GetInt32());
        Assert.Equal("failed to set key \"txn/rb2\", index is stale", err.GetProperty("What").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/txn/rb1", null, Ct)).Status);
    }

    [Theory]
    [InlineData("""[{"KV":{"Verb":"get","Key":"txn/none"}}]""", 0, "key \"txn/none\" doesn't exist")]
    [InlineData("""[{"KV":{"Verb":"set","Key":"txn/e","Value":null}},{"KV":{"Verb":"check-not-exists","Key":"txn/e"}}]""", 1, "key \"txn/e\" exists")]
    [InlineData("""[{"KV":{"Verb":"bogus","Key":"k"}}]""", 0, "unknown KV verb \"bogus\"")]
    [InlineData("""[{}]""", 0, "no operation specified")]
    [InlineData("""[{"KV":{"Verb":"set","Key":"txn/dc"}},{"KV":{"Verb":"delete-cas","Key":"txn/dc","Index":1}}]""", 1, "failed to delete key \"txn/dc\", index is stale")]
    public async Task OperationErrorsAre409WithOpIndexAndWhat(string ops, int opIndex, string what)
    {
        var (status, body, _) = await TxnAsync(ops);
        Assert.Equal(HttpStatusCode.Conflict, status);
        var err = Assert.Single(body.GetProperty("Errors").EnumerateArray().ToList());
        Assert.Equal(opIndex, err.GetProperty("OpIndex").GetInt32());
        Assert.Equal(what, err.GetProperty("What").GetString());
    }

    [Fact]
    public async Task LockAndUnlockInATransaction()
    {
        var s = await f.CreateSessionAsync();
        var (status, body, _) = await TxnAsync($$$"""[{"KV":{"Verb":"lock","Key":"txn/lk","Value":"{{{B64("v")}}}","Session":"{{{s}}}"}},{"KV":{"Verb":"check-session","Key":"txn/lk","Session":"{{{s}}}"}}]""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(s, body.GetProperty("Results")[0].GetProperty("KV").GetProperty("Session").GetString());
        var (status2, _, _) = await TxnAsync($$$"""[{"KV":{"Verb":"unlock","Key":"txn/lk","Session":"{{{s}}}"}}]""");
        Assert.Equal(HttpStatusCode.OK, status2);
        Assert.False((await f.GetEntryAsync("txn/lk")).TryGetProperty("Session", out _));
    }

    [Fact]
    public async Task MoreThan128OperationsIs413()
    {
        var ops = string.Join(',', Enumerable.Range(0, 129).Select(i => $$$"""{"KV":{"Verb":"set","Key":"txn/many/{{{i}}}"}}"""));
        var (status, body, _) = await f.SendAsync(HttpMethod.Put, "/v1/txn", "[" + ops + "]", Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Transaction contains too many operations (129 > 128)", body);
        Assert.Equal(HttpStatusCode.NotFound, (await f.SendAsync(HttpMethod.Get, "/v1/kv/txn/many/?recurse", null, Ct)).Status);

        var ok = string.Join(',', Enumerable.Range(0, 128).Select(i => $$$"""{"KV":{"Verb":"set","Key":"txn/many/{{{i}}}"}}"""));
        Assert.Equal(HttpStatusCode.OK, (await f.SendAsync(HttpMethod.Put, "/v1/txn", "[" + ok + "]", Ct)).Status);
    }

    [Fact]
    public async Task ReadOnlyTransactionHasNoIndexButLeaderMeta()
    {
        await f.PutOkAsync("/v1/kv/txn/ro", "r");
        var (status, body, res) = await TxnAsync("""[{"KV":{"Verb":"get","Key":"txn/ro"}},{"KV":{"Verb":"get-tree","Key":"txn/ro"}}]""", "?stale");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(res.Headers.Contains("X-Consul-Index"));
        Assert.Equal("true", res.Headers.GetValues("X-Consul-KnownLeader").Single());
        Assert.True(res.Headers.Contains("X-Consul-LastContact"));
        Assert.Equal(2, body.GetProperty("Results").GetArrayLength());
        Assert.Equal(B64("r"), body.GetProperty("Results")[0].GetProperty("KV").GetProperty("Value").GetString());
    }

    [Fact]
    public async Task MalformedBodyIs400()
    {
        var (status, body, _) = await f.SendAsync(HttpMethod.Put, "/v1/txn", "[{\"KV\":", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Failed to parse body: ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedValueIs413()
    {
        var big = Convert.ToBase64String(new byte[512 * 1024 + 1]);
        var (status, body, _) = await f.SendAsync(HttpMethod.Put, "/v1/txn", $$$"""[{"KV":{"Verb":"set","Key":"txn/big","Value":"{{{big}}}"}}]""", Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.StartsWith("Request body too large, max size: ", body, StringComparison.Ordinal);
    }
}
