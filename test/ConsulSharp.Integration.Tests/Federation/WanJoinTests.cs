using System.Net;
using ConsulSharp.Agent.Membership;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ConsulSharp.Integration.Tests.Cluster.ClusterHttp;

namespace ConsulSharp.Integration.Tests.Federation;

/// <summary>Two single-server datacenters federated by a real <c>join -wan</c> (serf WAN pools, server RPC).</summary>
public sealed class WanJoinTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<TestAgent> ServerAsync(string name, string dc) =>
        TestAgent.StartAsync(TestAgentOptions.Dev with
        {
            NodeName = name,
            WithDataDir = true,
            Configure = c => c with { DevMode = false, ServerMode = true, Bootstrap = true, Datacenter = dc },
        }, Ct);

    [Fact]
    public async Task After_join_wan_each_datacenter_answers_the_others_requests()
    {
        await using var dc1 = await ServerAsync("wan-a", "dc1");
        await using var dc2 = await ServerAsync("wan-b", "dc2");
        var wanPort = dc2.Host.Services.GetRequiredService<AgentGossip>().Wan!.LocalEndPoint.Port;
        Assert.Equal((HttpStatusCode.OK, ""), await PutAsync(dc1, $"/v1/agent/join/127.0.0.1:{wanPort}?wan=1", "", Ct));

        var server2 = dc2.Host.Services.GetRequiredService<ConsulServer>();
        await EventuallyAsync(() => Task.FromResult(server2.IsLeader));
        await server2.ApplyAsync(CommandCodec.Register(new CatalogRegistration { Node = new Node { Name = "far", Address = "10.40.0.1", Datacenter = "dc2" } }), Ct);

        foreach (var (agent, own, other, otherServer) in new[] { (dc1, "dc1", "dc2", "wan-b"), (dc2, "dc2", "dc1", "wan-a") })
        {
            // Each server lists its own datacenter first (RTT 0), then the other one.
            await EventuallyAsync(async () =>
            {
                var (_, body, res) = await GetAsync(agent, "/v1/catalog/datacenters", Ct);
                res.Dispose();
                return body == $"[\"{own}\",\"{other}\"]";
            });
            await EventuallyAsync(async () =>
            {
                var (status, nodes, r) = await GetAsync(agent, "/v1/catalog/nodes?dc=" + other, Ct);
                r.Dispose();
                return status == HttpStatusCode.OK && nodes.Contains($"\"{otherServer}\"", StringComparison.Ordinal);
            });
        }

        var (code, far, farRes) = await GetAsync(dc1, "/v1/catalog/node/far?dc=dc2", Ct);
        farRes.Dispose();
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("10.40.0.1", far, StringComparison.Ordinal);
    }
}
