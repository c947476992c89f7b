using System.Net;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.AclEnforcement;

[Collection(AclEnforcementCollection.Name)]
public sealed class AclFilteringTests(AclAgentFixture f)
{
    private const string M = AclAgentFixture.Management;

    [Fact]
    public async Task HealthStateAndUiNodeDumpDropWhatTheTokenCannotRead()
    {
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/catalog/register", M, """{"Node":"flt-a","Address":"10.2.0.1","Service":{"Service":"flt-svc"},"Checks":[{"CheckID":"flt-node-check","Name":"n","Status":"passing"},{"CheckID":"flt-svc-check","Name":"s","Status":"passing","ServiceID":"flt-svc"}]}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/catalog/register", M, """{"Node":"flt-b","Address":"10.2.0.2","Check":{"CheckID":"flt-b-check","Name":"n","Status":"passing"}}""")).Status);

        // Node read on flt-a only, no service read: the node check stays, the service check and flt-b's go.
        var (secret, _) = await f.TokenAsync("node \"flt-a\" { policy = \"read\" }");
        var state = await f.GetAsync("/v1/health/state/any", secret);
        Assert.Equal(["flt-node-check"], JsonDocument.Parse(state.Body).RootElement.EnumerateArray().Select(c => c.GetProperty("CheckID").GetString()).ToList());
        Assert.True(state.Filtered);

        var nodes = await f.GetAsync("/v1/internal/ui/nodes", secret);
        var only = Assert.Single(JsonDocument.Parse(nodes.Body).RootElement.EnumerateArray());
        Assert.Equal("flt-a", only.GetProperty("Node").GetString());
        Assert.Equal(0, only.GetProperty("Services").GetArrayLength());
        Assert.Equal(1, only.GetProperty("Checks").GetArrayLength());
        Assert.True(nodes.Filtered);
        Assert.Equal(HttpStatusCode.NotFound, (await f.GetAsync("/v1/internal/ui/node/flt-b", secret)).Status);
    }

    [Fact]
    public async Task PreparedQueriesHideOthersAndRedactStoredTokens()
    {
        var created = await f.SendAsync(HttpMethod.Post, "/v1/query", M, """{"Name":"red-q","Token":"s3cr3t","Service":{"Service":"x"}}""");
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("ID").GetString();

        var (reader, _) = await f.TokenAsync("query \"red-q\" { policy = \"read\" }");
        var get = await f.GetAsync($"/v1/query/{id}", reader);
        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal("<hidden>", JsonDocument.Parse(get.Body).RootElement[0].GetProperty("Token").GetString());
        Assert.Equal("s3cr3t", JsonDocument.Parse((await f.GetAsync($"/v1/query/{id}", M)).Body).RootElement[0].GetProperty("Token").GetString());

        var (stranger, _) = await f.TokenAsync("query \"other\" { policy = \"read\" }");
        var denied = await f.GetAsync($"/v1/query/{id}", stranger);
        Assert.Equal((HttpStatusCode.Forbidden, "Permission denied"), (denied.Status, denied.Body.Trim()));
        var delete = await f.SendAsync(HttpMethod.Delete, $"/v1/query/{id}", reader);
        Assert.Equal(HttpStatusCode.Forbidden, delete.Status);
        Assert.Contains("lacks permission 'query:write' on \"red-q\"", delete.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreparedQueriesWithAStoredTokenExecuteWithIt()
    {
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/catalog/register", M,
            $$$"""{"Node":"{{{AclAgentFixture.NodeName}}}","Address":"127.0.0.1","Service":{"Service":"pq-svc","Port":80}}""")).Status);
        var (reads, _) = await f.TokenAsync("service_prefix \"\" { policy = \"read\" } node_prefix \"\" { policy = \"read\" }");
        Assert.Equal(HttpStatusCode.OK, (await f.SendAsync(HttpMethod.Post, "/v1/query", M, $$$"""{"Name":"pq-stored","Token":"{{{reads}}}","Service":{"Service":"pq-svc"}}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await f.SendAsync(HttpMethod.Post, "/v1/query", M, """{"Name":"pq-plain","Service":{"Service":"pq-svc"}}""")).Status);

        // The caller may read no service: a query without a token answers what the caller may see (nothing), one with
        // a stored token what that token may see.
        var (caller, _) = await f.TokenAsync("key \"x\" { policy = \"read\" }");
        static int Nodes(string body) => JsonDocument.Parse(body).RootElement.GetProperty("Nodes").GetArrayLength();
        var plain = await f.GetAsync("/v1/query/pq-plain/execute", caller);
        Assert.Equal((HttpStatusCode.OK, 0, true), (plain.Status, Nodes(plain.Body), plain.Filtered));
        var stored = await f.GetAsync("/v1/query/pq-stored/execute", caller);
        Assert.Equal((HttpStatusCode.OK, 1), (stored.Status, Nodes(stored.Body)));
    }

    [Fact]
    public async Task KeyringReadAndAgentChecksListFollowTheirRules()
    {
        // (A keyring:read GET passes the check; the dev agent has no gossip key, so it is not asserted here.)
        var (keyring, _) = await f.TokenAsync("keyring = \"read\"");
        var install = await f.SendAsync(HttpMethod.Post, "/v1/operator/keyring", keyring, """{"Key":"pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s="}""");
        Assert.Equal(HttpStatusCode.Forbidden, install.Status);
        Assert.Contains("lacks permission 'keyring:write'", install.Body, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/agent/check/register", M, """{"Name":"flt-local","TTL":"30s"}""")).Status);
        var checks = await f.GetAsync("/v1/agent/checks", keyring);
        Assert.Equal((HttpStatusCode.OK, "{}", true), (checks.Status, checks.Body.Trim(), checks.Filtered));
        var (nodeReader, _) = await f.TokenAsync($"node \"{AclAgentFixture.NodeName}\" {{ policy = \"read\" }}");
        Assert.Contains("flt-local", (await f.GetAsync("/v1/agent/checks", nodeReader)).Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/agent/check/deregister/flt-local", M)).Status);
    }
}
