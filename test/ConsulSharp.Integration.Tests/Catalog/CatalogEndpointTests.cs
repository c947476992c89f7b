using System.Net;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.Catalog;

public sealed class CatalogEndpointTests(CatalogAgentFixture f) : IClassFixture<CatalogAgentFixture>
{
    private const string NodeId = "40e4a748-2192-161a-0510-9bf59fe950b5";

    [Fact]
    public async Task RegisterServesNodeServiceAndCheckInConsulShapes()
    {
        await f.RegisterAsync($$$"""
            {"Datacenter":"dc1","ID":"{{{NodeId}}}","Node":"shape-n1","Address":"10.1.0.1",
             "TaggedAddresses":{"wan":"10.2.0.1","lan":"10.1.0.1"},"NodeMeta":{"rack":"r1","env":"qa"},
             "Service":{"ID":"shape-web1","Service":"shape-web","Tags":["v1","primary"],"Address":"10.1.0.9","Port":8080,
                        "Meta":{"b":"2","a":"1"},"TaggedAddresses":{"lan":{"address":"10.1.0.9","port":8080}},"Weights":{"Passing":3,"Warning":1}},
             "Check":{"Name":"web alive","Status":"passing","ServiceID":"shape-web1","Output":"ok"}}
            """);

        var (res, list) = await f.GetJsonAsync("/v1/catalog/service/shape-web");
        Assert.Equal("leader", CatalogAgentFixture.Header(res, "X-Consul-Effective-Consistency"));
        Assert.Equal("true", CatalogAgentFixture.Header(res, "X-Consul-KnownLeader"));
        Assert.Equal("0", CatalogAgentFixture.Header(res, "X-Consul-LastContact"));
        Assert.True(CatalogAgentFixture.Index(res) > 1);
        var sn = Assert.Single(list.EnumerateArray());
        Assert.Equal(
            ["ID", "Node", "Address", "Datacenter", "TaggedAddresses", "NodeMeta", "ServiceKind", "ServiceID", "ServiceName", "ServiceTags",
             "ServiceAddress", "ServiceTaggedAddresses", "ServiceWeights", "ServiceMeta", "ServicePort", "ServiceSocketPath",
             "ServiceEnableTagOverride", "ServiceProxy", "ServiceConnect", "ServiceLocality", "CreateIndex", "ModifyIndex"],
            CatalogAgentFixture.Names(sn));
        Assert.Equal(NodeId, sn.GetProperty("ID").GetString());
        Assert.Equal("dc1", sn.GetProperty("Datacenter").GetString());
        Assert.Equal(["lan", "wan"], CatalogAgentFixture.Names(sn.GetProperty("TaggedAddresses")));
        Assert.Equal(["env", "rack"], CatalogAgentFixture.Names(sn.GetProperty("NodeMeta")));
        Assert.Equal(["a", "b"], CatalogAgentFixture.Names(sn.GetProperty("ServiceMeta")));
        Assert.Equal("shape-web1", sn.GetProperty("ServiceID").GetString());
        Assert.Equal("10.1.0.9", sn.GetProperty("ServiceAddress").GetString());
        Assert.Equal(8080, sn.GetProperty("ServiceTaggedAddresses").GetProperty("lan").GetProperty("Port").GetInt32());
        Assert.Equal(3, sn.GetProperty("ServiceWeights").GetProperty("Passing").GetInt32());
        Assert.Equal(8080, sn.GetProperty("ServicePort").GetInt32());
        Assert.Equal("""{"Mode":"","MeshGateway":{},"Expose":{},"TransparentProxy":{},"AccessLogs":{}}""", sn.GetProperty("ServiceProxy").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, sn.GetProperty("ServiceLocality").ValueKind);

        var (_, nodes) = await f.GetJsonAsync("/v1/catalog/nodes");
        var node = nodes.EnumerateArray().Single(n => n.GetProperty("Node").GetString() == "shape-n1");
        Assert.Equal(["ID", "Node", "Address", "Datacenter", "TaggedAddresses", "Meta", "CreateIndex", "ModifyIndex"], CatalogAgentFixture.Names(node));

        var (_, catalogNode) = await f.GetJsonAsync("/v1/catalog/node/shape-n1");
        Assert.Equal("10.1.0.1", catalogNode.GetProperty("Node").GetProperty("Address").GetString());
        var svc = catalogNode.GetProperty("Services").GetProperty("shape-web1");
        Assert.Equal(
            ["ID", "Service", "Tags", "Address", "TaggedAddresses", "Meta", "Port", "Weights", "EnableTagOverride", "Proxy", "Connect", "PeerName", "CreateIndex", "ModifyIndex"],
            CatalogAgentFixture.Names(svc));

        var (_, nodeServices) = await f.GetJsonAsync("/v1/catalog/node-services/shape-n1");
        Assert.Equal("shape-web1", Assert.Single(nodeServices.GetProperty("Services").EnumerateArray()).GetProperty("ID").GetString());

        var (_, checks) = await f.GetJsonAsync("/v1/health/node/shape-n1");
        var check = Assert.Single(checks.EnumerateArray());
        Assert.Equal("web alive", check.GetProperty("CheckID").GetString());
        Assert.Equal("shape-web", check.GetProperty("ServiceName").GetString());
        Assert.Equal(["v1", "primary"], check.GetProperty("ServiceTags").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(
            ["Node", "CheckID", "Name", "Status", "Notes", "Output", "ServiceID", "ServiceName", "ServiceTags", "Type", "Interval", "Timeout", "ExposedPort", "Definition", "CreateIndex", "ModifyIndex"],
            CatalogAgentFixture.Names(check));
    }

    [Fact]
    public async Task DatacentersListsTheAgentsDatacenter()
    {
        var (res, body) = await f.GetJsonAsync("/v1/catalog/datacenters");
        Assert.Equal(["dc1"], body.EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.False(res.Headers.Contains("X-Consul-Index"));
    }

    [Fact]
    public async Task ServicesMapsNamesToTagsIncludingTheServersOwnConsulService()
    {
        await f.RegisterAsync("""{"Node":"svcs-n1","Address":"10.3.0.1","NodeMeta":{"zone":"a"},"Service":{"Service":"svcs-api","Tags":["x","y"],"Port":1}}""");
        await f.RegisterAsync("""{"Node":"svcs-n2","Address":"10.3.0.2","NodeMeta":{"zone":"b"},"Service":{"Service":"svcs-api","Tags":["y","z"],"Port":1}}""");
        var (_, all) = await f.GetJsonAsync("/v1/catalog/services");
        Assert.Equal(0, all.GetProperty("consul").GetArrayLength());
        Assert.Equal(["x", "y", "z"], all.GetProperty("svcs-api").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray());

        var (_, zoneB) = await f.GetJsonAsync("/v1/catalog/services?node-meta=zone:b");
        Assert.Equal(["svcs-api"], CatalogAgentFixture.Names(zoneB));
        Assert.Equal(["y", "z"], zoneB.GetProperty("svcs-api").EnumerateArray().Select(e => e.GetString()!).ToArray());

        var (_, filtered) = await f.GetJsonAsync("/v1/catalog/services?filter=" + Uri.EscapeDataString("\"x\" in ServiceTags"));
        Assert.Equal(["svcs-api"], CatalogAgentFixture.Names(filtered));
        Assert.Equal(["x", "y"], filtered.GetProperty("svcs-api").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task ServiceHonoursRepeatedTagsNodeMetaAndFilter()
    {
        await f.RegisterAsync("""{"Node":"tag-n1","Address":"10.4.0.1","NodeMeta":{"env":"prod","rack":"1"},"Service":{"ID":"t1","Service":"tagged","Tags":["a","b"],"Port":81}}""");
        await f.RegisterAsync("""{"Node":"tag-n2","Address":"10.4.0.2","NodeMeta":{"env":"prod","rack":"2"},"Service":{"ID":"t2","Service":"tagged","Tags":["a"],"Port":82}}""");
        await f.RegisterAsync("""{"Node":"tag-n3","Address":"10.4.0.3","NodeMeta":{"env":"dev"},"Service":{"ID":"t3","Service":"tagged","Tags":["B"],"Port":83}}""");

        async Task<string[]> Ids(string query)
        {
            var (_, body) = await f.GetJsonAsync("/v1/catalog/service/tagged" + query);
            return body.EnumerateArray().Select(e => e.GetProperty("ServiceID").GetString()!).ToArray();
        }

        Assert.Equal(["t1", "t2", "t3"], await Ids(""));
        Assert.Equal(["t1", "t2"], await Ids("?tag=a"));
        Assert.Equal(["t1"], await Ids("?tag=a&tag=b"));
        Assert.Equal(["t1", "t3"], await Ids("?tag=b"));
        Assert.Equal(["t1", "t2"], await Ids("?node-meta=env:prod"));
        Assert.Equal(["t2"], await Ids("?node-meta=env:prod&node-meta=rack:2"));
        Assert.Equal(["t3"], await Ids("?filter=" + Uri.EscapeDataString("ServicePort == 83")));
        Assert.Equal(["t1", "t2", "t3"], await Ids("?near=unknown-node"));

        var (_, nodes) = await f.GetJsonAsync("/v1/catalog/nodes?node-meta=env:prod&filter=" + Uri.EscapeDataString("Meta.rack == \"1\""));
        Assert.Equal(["tag-n1"], nodes.EnumerateArray().Select(e => e.GetProperty("Node").GetString()!).ToArray());
    }

    [Fact]
    public async Task FilterErrorsAnswer500WithTheEvaluatorsMessage()
    {
        var (status, text) = await f.GetTextAsync("/v1/catalog/nodes?filter=" + Uri.EscapeDataString("Nope == 1"));
        Assert.Equal(500, status);
        Assert.Equal("Failed to create boolean expression evaluator: Selector \"Nope\" is not valid", text);

        (status, text) = await f.GetTextAsync("/v1/health/service/consul?filter=" + Uri.EscapeDataString("Node.Node =="));
        Assert.Equal(500, status);
        Assert.StartsWith("Failed to create boolean expression evaluator: 1:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownNodeIsNullAndMissingNamesAre400()
    {
        var (status, text) = await f.GetTextAsync("/v1/catalog/node/never-there");
        Assert.Equal(200, status);
        Assert.Equal("null\n", text);

        var (_, ns) = await f.GetJsonAsync("/v1/catalog/node-services/never-there");
        Assert.Equal(JsonValueKind.Null, ns.GetProperty("Node").ValueKind);

        Assert.Equal((400, "Missing node name"), await f.GetTextAsync("/v1/catalog/node/"));
        Assert.Equal((400, "Missing service name"), await f.GetTextAsync("/v1/catalog/service/"));
        Assert.Equal((400, "Missing node name"), await f.GetTextAsync("/v1/health/node/"));
        Assert.Equal((500, "No path to datacenter"), await f.GetTextAsync("/v1/catalog/nodes?dc=dc9"));

        var (_, empty) = await f.GetJsonAsync("/v1/catalog/service/no-such-service");
        Assert.Equal(0, empty.GetArrayLength());
    }

    [Theory]
    [InlineData("""{"Address":"10.0.0.1"}""", 500, "Must provide node")]
    [InlineData("""{"Node":"bad-n1"}""", 500, "Must provide address if SkipNodeUpdate is not set")]
    [InlineData("""{"Node":"bad-n2","Address":"10.0.0.1","Check":{"Name":"c","Status":"sideways"}}""", 400, "Bad check status")]
    [InlineData("""{"Node":"bad-n3","Address":"10.0.0.1","Service":{"ID":"x"}}""", 500, "Must provide service name with ID")]
    [InlineData("""{"Node":"bad-n4","Address":"10.0.0.1","Service":{"Service":"x","Address":"0.0.0.0"}}""", 500, "Invalid service address")]
    [InlineData("""{"Node":"bad-n5","Address":"10.0.0.1","ID":"not-a-uuid"}""", 500, "Bad node ID: uuid string is wrong length")]
    [InlineData("""{"Node":"bad-n6","Address":"10.0.0.1","Bogus":1}""", 400, "Request decode failed: json: unknown field \"Bogus\"")]
    [InlineData("""{"Node":"bad-n7","Address":"10.0.0.1","Service":{"Service":"x","Nope":true}}""", 400, "Request decode failed: json: unknown field \"Nope\"")]
    [InlineData("", 400, "Request decode failed: EOF")]
    [InlineData("""{"Node":"bad-n8","Datacenter":"dc9","Address":"10.0.0.1"}""", 500, "No path to datacenter")]
    public async Task BadRegistrationsAnswerConsulsTextAndRegisterNothing(string body, int status, string text)
    {
        var res = await f.PutAsync("/v1/catalog/register", body);
        Assert.Equal(status, (int)res.StatusCode);
        Assert.Equal(text, await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var (_, nodes) = await f.GetJsonAsync("/v1/catalog/nodes");
        Assert.DoesNotContain(nodes.EnumerateArray(), n => n.GetProperty("Node").GetString()!.StartsWith("bad-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedJsonIsADecodeError()
    {
        var res = await f.PutAsync("/v1/catalog/register", "{\"Node\":");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.StartsWith("Request decode failed: ", await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var put = await f.PutAsync("/v1/catalog/deregister", "{}");
        Assert.Equal(HttpStatusCode.InternalServerError, put.StatusCode);
        Assert.Equal("Must provide node", await put.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var get = await f.Http.GetAsync("/v1/catalog/register", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task CaseInsensitiveFieldsAndDefaults()
    {
        await f.RegisterAsync("""{"node":"ci-n1","address":"10.5.0.1","service":{"service":"ci-svc","port":9},"checks":[{"name":"ci check"}]}""");
        var (_, svc) = await f.GetJsonAsync("/v1/catalog/service/ci-svc");
        var sn = Assert.Single(svc.EnumerateArray());
        Assert.Equal("ci-svc", sn.GetProperty("ServiceID").GetString());
        Assert.Equal("dc1", sn.GetProperty("Datacenter").GetString());
        var (_, checks) = await f.GetJsonAsync("/v1/health/node/ci-n1");
        var check = Assert.Single(checks.EnumerateArray());
        Assert.Equal("ci check", check.GetProperty("CheckID").GetString());
        Assert.Equal("critical", check.GetProperty("Status").GetString());
        Assert.Equal("ci-n1", check.GetProperty("Node").GetString());
    }

    [Fact]
    public async Task DeregisterRemovesCheckThenServiceThenNode()
    {
        await f.RegisterAsync("""{"Node":"dereg-n1","Address":"10.6.0.1","Service":{"ID":"d1","Service":"dereg-svc"},"Checks":[{"CheckID":"nodechk","Status":"passing"},{"CheckID":"svcchk","ServiceID":"d1","Status":"passing"}]}""");
        async Task<string[]> CheckIds()
        {
            var (_, body) = await f.GetJsonAsync("/v1/health/node/dereg-n1");
            return body.EnumerateArray().Select(e => e.GetProperty("CheckID").GetString()!).ToArray();
        }

        Assert.Equal(["nodechk", "svcchk"], await CheckIds());
        Assert.Equal("true", await (await f.PutAsync("/v1/catalog/deregister", """{"Node":"dereg-n1","CheckID":"nodechk"}""")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["svcchk"], await CheckIds());

        await f.PutAsync("/v1/catalog/deregister", """{"Node":"dereg-n1","ServiceID":"d1"}""");
        Assert.Empty(await CheckIds());
        var (_, svc) = await f.GetJsonAsync("/v1/catalog/service/dereg-svc");
        Assert.Equal(0, svc.GetArrayLength());

        await f.PutAsync("/v1/catalog/deregister", """{"Node":"dereg-n1","Address":"ignored"}""");
        Assert.Equal((200, "null\n"), await f.GetTextAsync("/v1/catalog/node/dereg-n1"));
    }

    [Fact]
    public async Task NodeFilterRunsOnServices()
    {
        await f.RegisterAsync("""{"Node":"nf-n1","Address":"10.7.0.1","Service":{"ID":"a","Service":"nf-a","Port":1}}""");
        await f.RegisterAsync("""{"Node":"nf-n1","Address":"10.7.0.1","Service":{"ID":"b","Service":"nf-b","Port":2}}""");
        var (_, node) = await f.GetJsonAsync("/v1/catalog/node/nf-n1?filter=" + Uri.EscapeDataString("Port == 2"));
        Assert.Equal(["b"], CatalogAgentFixture.Names(node.GetProperty("Services")));
        var (_, list) = await f.GetJsonAsync("/v1/catalog/node-services/nf-n1?filter=" + Uri.EscapeDataString("Service == \"nf-a\""));
        Assert.Equal("a", Assert.Single(list.GetProperty("Services").EnumerateArray()).GetProperty("ID").GetString());
    }
}
