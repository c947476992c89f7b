using System.Net;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.AclEnforcement;

[Collection(AclEnforcementCollection.Name)]
public sealed class CatalogAclTests(AclAgentFixture f)
{
    private const string M = AclAgentFixture.Management;

    [Fact]
    public async Task RegisterNeedsNodeWriteForANewNodeAndServiceWriteForItsService()
    {
        var (both, _) = await f.TokenAsync("node \"cat-n1\" { policy = \"write\" }\nservice \"cat-web\" { policy = \"write\" }");
        var ok = await f.PutAsync("/v1/catalog/register", both, """{"Node":"cat-n1","Address":"10.0.0.1","Service":{"Service":"cat-web","Port":80}}""");
        Assert.Equal(HttpStatusCode.OK, ok.Status);

        var (serviceOnly, accessor) = await f.TokenAsync("service \"cat-web\" { policy = \"write\" }");
        var newNode = await f.PutAsync("/v1/catalog/register", serviceOnly, """{"Node":"cat-n2","Address":"10.0.0.2","Service":{"Service":"cat-web"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, newNode.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'node:write' on \"cat-n2\"", newNode.Body.Trim());

        // The node exists unchanged: re-posting its details with another service needs only service:write.
        var sameNode = await f.PutAsync("/v1/catalog/register", serviceOnly, """{"Node":"cat-n1","Address":"10.0.0.1","Service":{"ID":"cat-web-2","Service":"cat-web"}}""");
        Assert.Equal(HttpStatusCode.OK, sameNode.Status);
        var otherService = await f.PutAsync("/v1/catalog/register", serviceOnly, """{"Node":"cat-n1","Address":"10.0.0.1","Service":{"Service":"cat-db"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, otherService.Status);
        Assert.Contains("lacks permission 'service:write' on \"cat-db\"", otherService.Body, StringComparison.Ordinal);

        var dereg = await f.PutAsync("/v1/catalog/deregister", serviceOnly, """{"Node":"cat-n1","ServiceID":"cat-web-2"}""");
        Assert.Equal(HttpStatusCode.OK, dereg.Status);
        var nodeDereg = await f.PutAsync("/v1/catalog/deregister", serviceOnly, """{"Node":"cat-n1"}""");
        Assert.Equal(HttpStatusCode.Forbidden, nodeDereg.Status);
    }

    [Fact]
    public async Task ReadsAreFilteredByNodeAndServiceRead()
    {
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/catalog/register", M, """{"Node":"catr-a","Address":"10.1.0.1","Service":{"Service":"catr-api"},"Check":{"Name":"c","Status":"passing","ServiceID":"catr-api"}}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/catalog/register", M, """{"Node":"catr-b","Address":"10.1.0.2","Service":{"Service":"catr-api"}}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/catalog/register", M, """{"Node":"catr-a","Address":"10.1.0.1","Service":{"Service":"catr-hidden"}}""")).Status);

        var (secret, _) = await f.TokenAsync("node \"catr-a\" { policy = \"read\" }\nservice \"catr-api\" { policy = \"read\" }");
        var nodes = await f.GetAsync("/v1/catalog/nodes", secret);
        Assert.Equal(["catr-a"], Names(nodes.Body, "Node"));
        Assert.True(nodes.Filtered);

        var services = await f.GetAsync("/v1/catalog/services", secret);
        Assert.Equal(["catr-api"], JsonDocument.Parse(services.Body).RootElement.EnumerateObject().Select(p => p.Name).ToList());
        Assert.True(services.Filtered);

        var instances = await f.GetAsync("/v1/catalog/service/catr-api", secret);
        Assert.Equal(["catr-a"], Names(instances.Body, "Node"));
        Assert.True(instances.Filtered);

        var health = await f.GetAsync("/v1/health/service/catr-api", secret);
        Assert.Equal(1, JsonDocument.Parse(health.Body).RootElement.GetArrayLength());
        Assert.True(health.Filtered);

        var node = await f.GetAsync("/v1/catalog/node/catr-a", secret);
        Assert.Equal(["catr-api"], JsonDocument.Parse(node.Body).RootElement.GetProperty("Services").EnumerateObject().Select(p => p.Name).ToList());
        Assert.True(node.Filtered);

        // Management sees everything and no header; the anonymous token sees nothing and gets no header either.
        var all = await f.GetAsync("/v1/catalog/service/catr-api", M);
        Assert.Equal(2, JsonDocument.Parse(all.Body).RootElement.GetArrayLength());
        Assert.False(all.Filtered);
        var anon = await f.GetAsync("/v1/catalog/service/catr-api", null);
        Assert.Equal((HttpStatusCode.OK, "[]", false), (anon.Status, anon.Body.Trim(), anon.Filtered));
    }

    [Fact]
    public async Task PreparedQueriesNeedQueryWriteOnTheirName()
    {
        var (secret, accessor) = await f.TokenAsync("query_prefix \"pq-\" { policy = \"write\" }");
        var ok = await f.SendAsync(HttpMethod.Post, "/v1/query", secret, """{"Name":"pq-mine","Service":{"Service":"x"}}""");
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        var denied = await f.SendAsync(HttpMethod.Post, "/v1/query", secret, """{"Name":"other","Service":{"Service":"x"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'query:write' on \"other\"", denied.Body.Trim());

        Assert.Equal(HttpStatusCode.OK, (await f.SendAsync(HttpMethod.Post, "/v1/query", M, """{"Name":"zz-hidden","Service":{"Service":"x"}}""")).Status);
        var list = await f.GetAsync("/v1/query", secret);
        Assert.Contains("pq-mine", Names(list.Body, "Name"));
        Assert.DoesNotContain("zz-hidden", Names(list.Body, "Name"));
        Assert.True(list.Filtered);
    }

    private static List<string?> Names(string json, string field) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty(field).GetString()).ToList();
}
