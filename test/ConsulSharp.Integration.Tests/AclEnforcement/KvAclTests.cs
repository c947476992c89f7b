using System.Net;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.AclEnforcement;

[Collection(AclEnforcementCollection.Name)]
public sealed class KvAclTests(AclAgentFixture f)
{
    private const string M = AclAgentFixture.Management;

    [Fact]
    public async Task WriteNeedsKeyWriteAndDeniesWithConsulsText()
    {
        var (secret, accessor) = await f.TokenAsync("key_prefix \"kvw/app/\" { policy = \"write\" }");
        var ok = await f.PutAsync("/v1/kv/kvw/app/x", secret, "v");
        Assert.Equal((HttpStatusCode.OK, "true"), (ok.Status, ok.Body.Trim()));

        var denied = await f.PutAsync("/v1/kv/kvw/other/x", secret, "v");
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'key:write' on \"kvw/other/x\"", denied.Body.Trim());

        var read = await f.GetAsync("/v1/kv/kvw/app/x?raw", secret);
        Assert.Equal((HttpStatusCode.OK, "v"), (read.Status, read.Body));

        // Delete-tree needs write on every key below the prefix: the token's prefix is not enough for "kvw/".
        var tree = await f.SendAsync(HttpMethod.Delete, "/v1/kv/kvw/?recurse", secret);
        Assert.Equal(HttpStatusCode.Forbidden, tree.Status);
        Assert.Contains("lacks permission 'key:write' on \"kvw/\"", tree.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await f.SendAsync(HttpMethod.Delete, "/v1/kv/kvw/app/?recurse", secret)).Status);
    }

    [Fact]
    public async Task AnonymousReadsAreDeniedWithTheAnonymousText()
    {
        await f.PutAsync("/v1/kv/kvanon/k", M, "v");
        var denied = await f.GetAsync("/v1/kv/kvanon/k", null);
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal("Permission denied: anonymous token lacks permission 'key:read' on \"kvanon/k\". The anonymous token is used implicitly when a request does not specify a token.", denied.Body.Trim());

        var unknown = await f.GetAsync("/v1/kv/kvanon/k", "00000000-aaaa-bbbb-cccc-000000000000");
        Assert.Equal((HttpStatusCode.Forbidden, "ACL not found"), (unknown.Status, unknown.Body.Trim()));
    }

    [Fact]
    public async Task RecurseAndKeysAreFilteredAndFlagged()
    {
        foreach (var key in new[] { "kvf/a/1", "kvf/a/2", "kvf/b/1" })
        {
            Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/kv/" + key, M, "x")).Status);
        }

        var (secret, _) = await f.TokenAsync("key_prefix \"kvf/a/\" { policy = \"read\" }");
        var list = await f.GetAsync("/v1/kv/kvf/?recurse", secret);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.True(list.Filtered);
        var keys = JsonDocument.Parse(list.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("Key").GetString()).ToList();
        Assert.Equal(["kvf/a/1", "kvf/a/2"], keys);

        var names = await f.GetAsync("/v1/kv/kvf/?keys", secret);
        Assert.True(names.Filtered);
        Assert.Equal(["kvf/a/1", "kvf/a/2"], JsonDocument.Parse(names.Body).RootElement.EnumerateArray().Select(e => e.GetString()).ToList());

        // With a separator the readable entries are folded: kvf/b/ disappears because nothing under it is readable.
        var folders = await f.GetAsync("/v1/kv/kvf/?keys&separator=/", secret);
        Assert.Equal(["kvf/a/"], JsonDocument.Parse(folders.Body).RootElement.EnumerateArray().Select(e => e.GetString()).ToList());
        Assert.True(folders.Filtered);
        var allFolders = await f.GetAsync("/v1/kv/kvf/?keys&separator=/", M);
        Assert.Equal(["kvf/a/", "kvf/b/"], JsonDocument.Parse(allFolders.Body).RootElement.EnumerateArray().Select(e => e.GetString()).ToList());

        // Nothing readable: the same 404 as an empty prefix; the management token sees everything unflagged.
        var (none, _) = await f.TokenAsync("key_prefix \"elsewhere/\" { policy = \"read\" }");
        Assert.Equal(HttpStatusCode.NotFound, (await f.GetAsync("/v1/kv/kvf/?recurse", none)).Status);
        var all = await f.GetAsync("/v1/kv/kvf/?recurse", M);
        Assert.Equal(3, JsonDocument.Parse(all.Body).RootElement.GetArrayLength());
        Assert.False(all.Filtered);
    }

    [Fact]
    public async Task TxnDeniesPerOperationWith409AndFiltersReads()
    {
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/kv/txn/secret", M, "s")).Status);
        var (secret, accessor) = await f.TokenAsync("key_prefix \"txn/mine/\" { policy = \"write\" }");
        var body = """[{"KV":{"Verb":"set","Key":"txn/mine/a","Value":"YQ=="}},{"KV":{"Verb":"set","Key":"txn/other","Value":"YQ=="}}]""";
        var denied = await f.PutAsync("/v1/txn", secret, body);
        Assert.Equal(HttpStatusCode.Conflict, denied.Status);
        var errors = JsonDocument.Parse(denied.Body).RootElement.GetProperty("Errors");
        Assert.Equal(1, errors.GetArrayLength());
        Assert.Equal(1, errors[0].GetProperty("OpIndex").GetInt32());
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'key:write' on \"txn/other\"", errors[0].GetProperty("What").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await f.GetAsync("/v1/kv/txn/mine/a", M)).Status);

        var reads = await f.PutAsync("/v1/txn", secret, """[{"KV":{"Verb":"get","Key":"txn/secret"}},{"KV":{"Verb":"set","Key":"txn/mine/b","Value":"Yg=="}}]""");
        Assert.Equal(HttpStatusCode.OK, reads.Status);
        var results = JsonDocument.Parse(reads.Body).RootElement.GetProperty("Results");
        Assert.Equal(1, results.GetArrayLength());
        Assert.Equal("txn/mine/b", results[0].GetProperty("KV").GetProperty("Key").GetString());
    }
}
