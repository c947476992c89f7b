using System.Net;
using ConsulSharp.Testing;
using static ConsulSharp.Integration.Tests.AgentServices.AgentApi;

namespace ConsulSharp.Integration.Tests.AgentServices;

public sealed class ServiceRegistrationTests : IAsyncLifetime
{
    private TestAgent _agent = null!;

    public async ValueTask InitializeAsync() => _agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "svc-node" });

    public ValueTask DisposeAsync() => StopAsync(_agent);

    [Fact]
    public async Task RegisterListGetDeregister()
    {
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"name":"web","ID":"web1","Tags":["v1"],"Port":8080,"Meta":{"env":"qa"},"enable_tag_override":true,"tagged_addresses":{"lan":{"address":"10.0.0.1","port":80}},"Check":{"TTL":"10s"}}""");

        var services = await GetJsonAsync(_agent, "/v1/agent/services");
        var web = services.GetProperty("web1");
        Assert.Equal("web", web.GetProperty("Service").GetString());
        Assert.Equal(8080, web.GetProperty("Port").GetInt32());
        Assert.True(web.GetProperty("EnableTagOverride").GetBoolean());
        Assert.Equal("10.0.0.1", web.GetProperty("TaggedAddresses").GetProperty("lan").GetProperty("Address").GetString());
        Assert.Equal(1, web.GetProperty("Weights").GetProperty("Passing").GetInt32());
        Assert.Equal("dc1", web.GetProperty("Datacenter").GetString());

        var res = await _agent.Http.GetAsync("/v1/agent/service/web1", Ct);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var hash = res.Headers.GetValues("X-Consul-ContentHash").Single();
        Assert.Equal(16, hash.Length);

        var checks = await GetJsonAsync(_agent, "/v1/agent/checks");
        var check = checks.GetProperty("service:web1");
        Assert.Equal("Service 'web' check", check.GetProperty("Name").GetString());
        Assert.Equal("critical", check.GetProperty("Status").GetString());
        Assert.Equal("ttl", check.GetProperty("Type").GetString());
        Assert.Equal("web", check.GetProperty("ServiceName").GetString());

        var filtered = await GetJsonAsync(_agent, "/v1/agent/services?filter=" + Uri.EscapeDataString("Port == 1"));
        Assert.Empty(filtered.EnumerateObject());

        await PutOkAsync(_agent, "/v1/agent/service/deregister/web1");
        Assert.Empty((await GetJsonAsync(_agent, "/v1/agent/services")).EnumerateObject());
        Assert.Empty((await GetJsonAsync(_agent, "/v1/agent/checks")).EnumerateObject());

        var missing = await PutAsync(_agent, "/v1/agent/service/deregister/web1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Unknown service ID \"web1\". Ensure that the service ID is passed, not the service name.", (await missing.Content.ReadAsStringAsync(Ct)).TrimEnd());
        var get = await _agent.Http.GetAsync("/v1/agent/service/web1", Ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("unknown service ID: web1", (await get.Content.ReadAsStringAsync(Ct)).TrimEnd());
    }

    [Theory]
    [InlineData("""{"Port":80}""", "Missing service name")]
    [InlineData("""{"Name":"a","Foo":1}""", "Request decode failed: json: unknown field \"Foo\"")]
    [InlineData("""{"Name":"a","Address":"0.0.0.0"}""", "Invalid service address")]
    [InlineData("""{"Name":"a","Meta":{"consul-x":"1"}}""", "Invalid Service Meta: Couldn't load metadata pair ('consul-x', '1'): Key prefix 'consul-' is reserved for internal use")]
    [InlineData("""{"Name":"a","Weights":{"Passing":0,"Warning":1}}""", "Invalid Weights: Passing must be greater than 0")]
    [InlineData("""{"Name":"a","Check":{"HTTP":"http://x"}}""", "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks")]
    [InlineData("""{"Name":"a","Check":{"TTL":"1s","Interval":"1s"}}""", "Invalid check: Interval and TTL cannot both be specified")]
    [InlineData("""{"Name":"a","Check":{"TTL":"nope"}}""", "Request decode failed: time: invalid duration \"nope\"")]
    [InlineData("""{"Name":"a","Check":{"TTL":"1s","Status":"bad"}}""", "Status for checks must 'passing', 'warning', 'critical'")]
    public async Task BadRegistrationsAre400WithConsulsTextAndRegisterNothing(string body, string message)
    {
        var res = await PutAsync(_agent, "/v1/agent/service/register", body);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal(message, (await res.Content.ReadAsStringAsync(Ct)).TrimEnd());
        Assert.Empty((await GetJsonAsync(_agent, "/v1/agent/services")).EnumerateObject());
    }

    [Fact]
    public async Task ScriptChecksAreRefusedWhenScriptsAreDisabled()
    {
        var res = await PutAsync(_agent, "/v1/agent/service/register", """{"Name":"s","Check":{"Args":["/bin/true"],"Interval":"1s"}}""");
        Assert.Equal(HttpStatusCode.InternalServerError, res.StatusCode);
        Assert.Contains("Scripts are disabled on this agent", await res.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty((await GetJsonAsync(_agent, "/v1/agent/services")).EnumerateObject());
        Assert.Empty((await GetJsonAsync(_agent, "/v1/agent/checks")).EnumerateObject());
    }

    [Fact]
    public async Task DurationsAcceptNanosecondNumbersAndSeveralChecksGetNumberedIds()
    {
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"multi","Checks":[{"TTL":30000000000},{"TTL":"1m","Status":"passing"}]}""");
        var checks = await GetJsonAsync(_agent, "/v1/agent/checks");
        Assert.Equal("critical", checks.GetProperty("service:multi:1").GetProperty("Status").GetString());
        Assert.Equal("passing", checks.GetProperty("service:multi:2").GetProperty("Status").GetString());
    }

    [Fact]
    public async Task ReplaceExistingChecksRemovesChecksMissingFromTheNewDefinition()
    {
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"r","Checks":[{"CheckID":"a","TTL":"1m"},{"CheckID":"b","TTL":"1m"}]}""");
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"r","Checks":[{"CheckID":"a","TTL":"1m"}]}""");
        Assert.Equal(2, (await GetJsonAsync(_agent, "/v1/agent/checks")).EnumerateObject().Count());
        await PutOkAsync(_agent, "/v1/agent/service/register?replace-existing-checks", """{"Name":"r","Checks":[{"CheckID":"a","TTL":"1m"}]}""");
        var checks = await GetJsonAsync(_agent, "/v1/agent/checks");
        Assert.True(checks.TryGetProperty("a", out _));
        Assert.False(checks.TryGetProperty("b", out _));
    }

    [Fact]
    public async Task ServiceGetBlocksOnHashUntilTheServiceChanges()
    {
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"blk","Port":1}""");
        var first = await _agent.Http.GetAsync("/v1/agent/service/blk", Ct);
        var hash = first.Headers.GetValues("X-Consul-ContentHash").Single();

        var timedOut = await _agent.Http.GetAsync($"/v1/agent/service/blk?hash={hash}&wait=100ms", Ct);
        Assert.Equal(hash, timedOut.Headers.GetValues("X-Consul-ContentHash").Single());

        var blocked = _agent.Http.GetAsync($"/v1/agent/service/blk?hash={hash}&wait=10s", Ct);
        await Task.Delay(100, Ct);
        Assert.False(blocked.IsCompleted);
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"blk","Port":2}""");
        var changed = await blocked.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.NotEqual(hash, changed.Headers.GetValues("X-Consul-ContentHash").Single());
    }

    [Fact]
    public async Task CheckRegisterNeedsNameAndKnownService()
    {
        var noName = await PutAsync(_agent, "/v1/agent/check/register", """{"TTL":"1s"}""");
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Equal("Missing check name", (await noName.Content.ReadAsStringAsync(Ct)).TrimEnd());
        var noService = await PutAsync(_agent, "/v1/agent/check/register", """{"Name":"c","TTL":"1s","ServiceID":"ghost"}""");
        Assert.Equal(HttpStatusCode.NotFound, noService.StatusCode);
        Assert.Equal("ServiceID \"ghost\" does not exist", (await noService.Content.ReadAsStringAsync(Ct)).TrimEnd());
        var unknown = await PutAsync(_agent, "/v1/agent/check/deregister/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Unknown check ID \"nope\". Ensure that the check ID is passed, not the check name.", (await unknown.Content.ReadAsStringAsync(Ct)).TrimEnd());
    }
}
