using System.Text.Json;
using ConsulSharp.Agent.Config;
using ConsulSharp.Agent.Membership;
using ConsulSharp.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConsulSharp.Integration.Tests.Gossip;

/// <summary>Helpers for tests with several in-process agents joined by gossip (serf ports 0, fast LAN probes).</summary>
internal static class GossipCluster
{
    /// <summary>Probe every 200 ms so a stopped agent is declared failed in about a second instead of five.</summary>
    public static readonly GossipOverrides FastLan = new()
    {
        ProbeInterval = TimeSpan.FromMilliseconds(200),
        ProbeTimeout = TimeSpan.FromMilliseconds(100),
        GossipInterval = TimeSpan.FromMilliseconds(50),
    };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<TestAgent> ServerAsync(string name, Func<RuntimeConfig, RuntimeConfig>? configure = null) =>
        TestAgent.StartAsync(TestAgentOptions.Dev with
        {
            NodeName = name,
            Configure = c => (configure ?? (static x => x))(c with { GossipLan = FastLan }),
        }, Ct);

    public static Task<TestAgent> ClientAsync(string name, Func<RuntimeConfig, RuntimeConfig>? configure = null) =>
        TestAgent.StartAsync(TestAgentOptions.Dev with
        {
            NodeName = name,
            Configure = c => (configure ?? (static x => x))(c with { GossipLan = FastLan, ServerMode = false, Bootstrap = false }),
        }, Ct);

    public static AgentGossip GossipOf(TestAgent agent) => agent.Host.Services.GetRequiredService<AgentGossip>();

    public static int LanPort(TestAgent agent) => GossipOf(agent).Lan!.LocalEndPoint.Port;

    public static string LanAddress(TestAgent agent) => $"127.0.0.1:{LanPort(agent)}";

    public static async Task<HttpResponseMessage> PutAsync(TestAgent agent, string path, HttpContent? body = null) =>
        await agent.Http.PutAsync(path, body, Ct);

    public static async Task<JsonElement> GetJsonAsync(TestAgent agent, string path)
    {
        using var doc = JsonDocument.Parse(await agent.Http.GetStringAsync(path, Ct));
        return doc.RootElement.Clone();
    }

    /// <summary>The member named <paramref name="node"/>'s status in the agent's <c>/v1/agent/members</c>, or null.</summary>
    public static async Task<int?> MemberStatusAsync(TestAgent agent, string node, bool wan = false)
    {
        var members = await GetJsonAsync(agent, "/v1/agent/members" + (wan ? "?wan=1" : ""));
        foreach (var m in members.EnumerateArray())
        {
            if (m.GetProperty("Name").GetString() == node)
            {
                return m.GetProperty("Status").GetInt32();
            }
        }

        return null;
    }

    public static async Task JoinAsync(TestAgent agent, TestAgent target)
    {
        var res = await PutAsync(agent, "/v1/agent/join/" + LanAddress(target));
        Assert.Equal(System.Net.HttpStatusCode.OK, res.StatusCode);
    }
}
