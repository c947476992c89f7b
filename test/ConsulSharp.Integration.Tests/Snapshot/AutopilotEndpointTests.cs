using System.Net;
using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Snapshot;

/// <summary><c>/v1/operator/autopilot/*</c> on a dev agent: Consul's defaults and shapes, CAS, health from Raft status.</summary>
public sealed class AutopilotEndpointTests : IAsyncLifetime
{
    private TestAgent _agent = null!;

    private HttpClient Http => _agent.Http;

    public async ValueTask InitializeAsync()
    {
        _agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "ap-node" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await Http.GetAsync(new Uri("/v1/operator/autopilot/configuration", UriKind.Relative), cts.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(100, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _agent.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [Fact]
    public async Task Configuration_defaults_set_and_cas_as_Consul()
    {
        var ct = TestContext.Current.CancellationToken;
        var initial = await GetJsonAsync("/v1/operator/autopilot/configuration");
        Assert.True(initial.GetProperty("CleanupDeadServers").GetBoolean());
        Assert.Equal("200ms", initial.GetProperty("LastContactThreshold").GetString());
        Assert.Equal(250UL, initial.GetProperty("MaxTrailingLogs").GetUInt64());
        Assert.Equal("10s", initial.GetProperty("ServerStabilizationTime").GetString());
        Assert.Equal(0UL, initial.GetProperty("ModifyIndex").GetUInt64());

        // A plain PUT replaces the whole configuration (absent fields are zero, as Consul decodes them).
        using var put = await Http.PutAsync(new Uri("/v1/operator/autopilot/configuration", UriKind.Relative), new StringContent("""{"MaxTrailingLogs": 99, "LastContactThreshold": "1s"}"""), ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("true", (await put.Content.ReadAsStringAsync(ct)).Trim());
        var after = await GetJsonAsync("/v1/operator/autopilot/configuration");
        Assert.Equal(99UL, after.GetProperty("MaxTrailingLogs").GetUInt64());
        Assert.Equal("1s", after.GetProperty("LastContactThreshold").GetString());
        Assert.False(after.GetProperty("CleanupDeadServers").GetBoolean());
        var index = after.GetProperty("ModifyIndex").GetUInt64();
        Assert.True(index > 0);

        using var stale = await Http.PutAsync(new Uri($"/v1/operator/autopilot/configuration?cas={index - 1}", UriKind.Relative), new StringContent("""{"MaxTrailingLogs": 1}"""), ct);
        Assert.Equal("false", (await stale.Content.ReadAsStringAsync(ct)).Trim());
        using var fresh = await Http.PutAsync(new Uri($"/v1/operator/autopilot/configuration?cas={index}", UriKind.Relative), new StringContent("""{"MaxTrailingLogs": 7, "CleanupDeadServers": true}"""), ct);
        Assert.Equal("true", (await fresh.Content.ReadAsStringAsync(ct)).Trim());
        Assert.Equal(7UL, (await GetJsonAsync("/v1/operator/autopilot/configuration")).GetProperty("MaxTrailingLogs").GetUInt64());

        using var bad = await Http.PutAsync(new Uri("/v1/operator/autopilot/configuration", UriKind.Relative), new StringContent("""{"LastContactThreshold": "soon"}"""), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("Error parsing autopilot config: ", await bad.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_state_describe_the_leader_from_raft_status()
    {
        var health = await GetJsonAsync("/v1/operator/autopilot/health");
        Assert.True(health.GetProperty("Healthy").GetBoolean());
        Assert.Equal(0, health.GetProperty("FailureTolerance").GetInt32());
        var server = Assert.Single(health.GetProperty("Servers").EnumerateArray().ToList());
        Assert.Equal("ap-node", server.GetProperty("Name").GetString());
        Assert.True(server.GetProperty("Leader").GetBoolean());
        Assert.True(server.GetProperty("Voter").GetBoolean());
        Assert.Equal("alive", server.GetProperty("SerfStatus").GetString());
        Assert.Equal("0s", server.GetProperty("LastContact").GetString());
        Assert.True(server.GetProperty("LastIndex").GetUInt64() > 0);
        Assert.True(server.GetProperty("LastTerm").GetUInt64() > 0);
        Assert.EndsWith("Z", server.GetProperty("StableSince").GetString(), StringComparison.Ordinal);

        var state = await GetJsonAsync("/v1/operator/autopilot/state");
        var id = server.GetProperty("ID").GetString()!;
        Assert.Equal(id, state.GetProperty("Leader").GetString());
        Assert.Equal([id], state.GetProperty("Voters").EnumerateArray().Select(v => v.GetString()).ToArray());
        var s = state.GetProperty("Servers").GetProperty(id);
        Assert.Equal("leader", s.GetProperty("Status").GetString());
        Assert.Equal("voter", s.GetProperty("NodeType").GetString());
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var res = await Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return doc.RootElement.Clone();
    }
}
