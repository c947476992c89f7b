using System.Net;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.AclEnforcement;

[Collection(AclEnforcementCollection.Name)]
public sealed class AgentAclTests(AclAgentFixture f)
{
    private const string M = AclAgentFixture.Management;
    private const string Node = AclAgentFixture.NodeName;

    [Fact]
    public async Task SelfNeedsAgentReadAndReloadAgentWrite()
    {
        var (reader, _) = await f.TokenAsync($"agent \"{Node}\" {{ policy = \"read\" }}");
        Assert.Equal(HttpStatusCode.OK, (await f.GetAsync("/v1/agent/self", reader)).Status);

        var (nobody, accessor) = await f.TokenAsync("key \"x\" { policy = \"read\" }");
        var denied = await f.GetAsync("/v1/agent/self", nobody);
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'agent:read' on \"{Node}\"", denied.Body.Trim());

        var reload = await f.PutAsync("/v1/agent/reload", reader);
        Assert.Equal(HttpStatusCode.Forbidden, reload.Status);
        Assert.Contains("lacks permission 'agent:write'", reload.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await f.GetAsync("/v1/agent/version", nobody)).Status);
    }

    [Fact]
    public async Task MembersAreFilteredByNodeRead()
    {
        var (none, _) = await f.TokenAsync("node \"someone-else\" { policy = \"read\" }");
        var hidden = await f.GetAsync("/v1/agent/members", none);
        Assert.Equal((HttpStatusCode.OK, "[]", true), (hidden.Status, hidden.Body.Trim(), hidden.Filtered));

        var (reader, _) = await f.TokenAsync($"node \"{Node}\" {{ policy = \"read\" }}");
        var seen = await f.GetAsync("/v1/agent/members", reader);
        Assert.Equal(1, JsonDocument.Parse(seen.Body).RootElement.GetArrayLength());
        Assert.False(seen.Filtered);
    }

    [Fact]
    public async Task ServiceRegistrationNeedsServiceWriteAndListsAreFiltered()
    {
        var (writer, accessor) = await f.TokenAsync("service \"ag-web\" { policy = \"write\" }");
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/agent/service/register", writer, """{"Name":"ag-web","Port":80}""")).Status);
        var denied = await f.PutAsync("/v1/agent/service/register", writer, """{"Name":"ag-db","Port":5432}""");
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'service:write' on \"ag-db\"", denied.Body.Trim());
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/agent/service/register", M, """{"Name":"ag-db","Port":5432}""")).Status);

        var services = await f.GetAsync("/v1/agent/services", writer);
        var names = JsonDocument.Parse(services.Body).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("ag-web", names);
        Assert.DoesNotContain("ag-db", names);
        Assert.True(services.Filtered);

        Assert.Equal(HttpStatusCode.Forbidden, (await f.PutAsync("/v1/agent/service/deregister/ag-db", writer)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await f.PutAsync("/v1/agent/service/maintenance/ag-db?enable=true", writer)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await f.GetAsync("/v1/agent/health/service/name/ag-db", writer)).Status);
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/agent/service/deregister/ag-web", writer)).Status);
    }

    [Fact]
    public async Task NodeMaintenanceAndNodeChecksNeedNodeWrite()
    {
        var (reader, accessor) = await f.TokenAsync($"node \"{Node}\" {{ policy = \"read\" }}");
        var denied = await f.PutAsync("/v1/agent/maintenance?enable=false", reader);
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'node:write' on \"{Node}\"", denied.Body.Trim());
        Assert.Equal(HttpStatusCode.Forbidden, (await f.PutAsync("/v1/agent/check/register", reader, """{"Name":"ag-ttl","TTL":"30s"}""")).Status);

        var (writer, _) = await f.TokenAsync($"node \"{Node}\" {{ policy = \"write\" }}");
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/agent/check/register", writer, """{"Name":"ag-ttl","TTL":"30s"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await f.PutAsync("/v1/agent/check/pass/ag-ttl", reader)).Status);
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/agent/check/pass/ag-ttl", writer)).Status);
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/agent/check/deregister/ag-ttl", writer)).Status);
    }

    [Fact]
    public async Task EventsNeedEventWriteAndListsAreFiltered()
    {
        var (writer, _) = await f.TokenAsync("event_prefix \"ev-ok\" { policy = \"write\" }");
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/event/fire/ev-ok", writer)).Status);
        var denied = await f.PutAsync("/v1/event/fire/ev-no", writer);
        Assert.Equal((HttpStatusCode.Forbidden, "Permission denied"), (denied.Status, denied.Body.Trim()));
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/event/fire/ev-no", M)).Status);

        // Fired events reach the agent's event list through gossip: wait until ev-no is there to be filtered.
        await ConsulSharp.Integration.Tests.AgentServices.Poll.UntilAsync("ev-no in the event list", async () =>
            JsonDocument.Parse((await f.GetAsync("/v1/event/list?name=ev-no", M)).Body).RootElement.GetArrayLength() > 0);
        var list = await f.GetAsync("/v1/event/list", writer);
        var names = JsonDocument.Parse(list.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("Name").GetString()).Distinct().ToList();
        Assert.Equal(["ev-ok"], names);
        Assert.True(list.Filtered);
    }

    [Fact]
    public async Task SessionsNeedSessionWriteOnTheirNodeAndReadsAreFiltered()
    {
        var (writer, _) = await f.TokenAsync($"session \"{Node}\" {{ policy = \"write\" }}");
        var created = await f.PutAsync("/v1/session/create", writer, "{\"Name\":\"acl-s\"}");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("ID").GetString();

        var (reader, accessor) = await f.TokenAsync($"session_prefix \"\" {{ policy = \"read\" }}");
        var denied = await f.PutAsync("/v1/session/create", reader, "{}");
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'session:write' on \"{Node}\"", denied.Body.Trim());
        Assert.Equal(HttpStatusCode.Forbidden, (await f.PutAsync($"/v1/session/renew/{id}", reader)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await f.PutAsync($"/v1/session/destroy/{id}", reader)).Status);

        var (none, _) = await f.TokenAsync("session \"other-node\" { policy = \"read\" }");
        var list = await f.GetAsync("/v1/session/list", none);
        Assert.Equal((HttpStatusCode.OK, "[]", true), (list.Status, list.Body.Trim(), list.Filtered));
        var info = await f.GetAsync($"/v1/session/info/{id}", reader);
        Assert.Equal(1, JsonDocument.Parse(info.Body).RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync($"/v1/session/destroy/{id}", writer)).Status);
    }

    [Fact]
    public async Task OperatorKeyringAndSnapshotNeedTheirPermissions()
    {
        var (op, accessor) = await f.TokenAsync("operator = \"read\"");
        Assert.Equal(HttpStatusCode.OK, (await f.GetAsync("/v1/operator/raft/configuration", op)).Status);
        Assert.Equal(HttpStatusCode.OK, (await f.GetAsync("/v1/operator/autopilot/configuration", op)).Status);
        var write = await f.PutAsync("/v1/operator/autopilot/configuration", op, """{"CleanupDeadServers":true}""");
        Assert.Equal(HttpStatusCode.Forbidden, write.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'operator:write'", write.Body.Trim());

        var keyring = await f.GetAsync("/v1/operator/keyring", op);
        Assert.Equal(HttpStatusCode.Forbidden, keyring.Status);
        Assert.Contains("lacks permission 'keyring:read'", keyring.Body, StringComparison.Ordinal);

        var snapshot = await f.GetAsync("/v1/snapshot", op);
        Assert.Equal(HttpStatusCode.Forbidden, snapshot.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'acl:write'", snapshot.Body.Trim());
        Assert.Equal(HttpStatusCode.OK, (await f.GetAsync("/v1/snapshot", M)).Status);

        // Status endpoints stay open.
        Assert.Equal(HttpStatusCode.OK, (await f.GetAsync("/v1/status/leader", null)).Status);
    }

    private const string Coordinate = "{\"Node\":\"" + Node + "\",\"Coord\":{\"Vec\":[0,0,0,0,0,0,0,0],\"Error\":1.5,\"Adjustment\":0,\"Height\":0.00001}}";

    [Fact]
    public async Task CoordinatesAreFilteredByNodeRead()
    {
        var (none, _) = await f.TokenAsync("node \"nobody\" { policy = \"write\" }");
        var update = await f.PutAsync("/v1/coordinate/update", none, Coordinate);
        Assert.Equal(HttpStatusCode.Forbidden, update.Status);
        Assert.Contains($"lacks permission 'node:write' on \"{Node}\"", update.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await f.PutAsync("/v1/coordinate/update", M, Coordinate)).Status);

        // The update is applied in batches: wait until the management token sees it, then compare.
        for (var i = 0; i < 100 && JsonDocument.Parse((await f.GetAsync("/v1/coordinate/nodes", M)).Body).RootElement.GetArrayLength() == 0; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var hidden = await f.GetAsync("/v1/coordinate/nodes", none);
        Assert.Equal((HttpStatusCode.OK, "[]", true), (hidden.Status, hidden.Body.Trim(), hidden.Filtered));
    }
}
