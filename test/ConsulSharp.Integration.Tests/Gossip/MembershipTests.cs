using System.Net;
using ConsulSharp.Server.Cluster;
using ConsulSharp.Testing;
using Microsoft.Extensions.DependencyInjection;
using ConsulSharp.Integration.Tests.AgentServices;
using static ConsulSharp.Integration.Tests.Gossip.GossipCluster;

namespace ConsulSharp.Integration.Tests.Gossip;

/// <summary>Agents joined over real UDP/TCP gossip sockets: members, join, leave, failure, force-leave.</summary>
public sealed class MembershipTests
{
    [Fact]
    public async Task AgentsJoinedThroughTheApiListEachOtherAliveWithConsulTagsAndRealPorts()
    {
        await using var server = await ServerAsync("m-server");
        await using var client = await ClientAsync("m-client");

        await JoinAsync(client, server);

        foreach (var agent in new[] { server, client })
        {
            await Poll.UntilAsync($"both alive on {agent.Config.NodeName}", async () =>
                await MemberStatusAsync(agent, "m-server") == 1 && await MemberStatusAsync(agent, "m-client") == 1);
        }

        var members = await GetJsonAsync(client, "/v1/agent/members");
        var s = members.EnumerateArray().Single(m => m.GetProperty("Name").GetString() == "m-server");
        Assert.Equal("127.0.0.1", s.GetProperty("Addr").GetString());
        Assert.Equal(LanPort(server), s.GetProperty("Port").GetInt32());
        Assert.NotEqual(0, s.GetProperty("Port").GetInt32());
        var tags = s.GetProperty("Tags");
        Assert.Equal("consul", tags.GetProperty("role").GetString());
        Assert.Equal("dc1", tags.GetProperty("dc").GetString());
        Assert.Equal(GossipOf(server).Wan!.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), tags.GetProperty("wan_join_port").GetString());
        Assert.Equal(server.Host.Agent.NodeId, tags.GetProperty("id").GetString());
        Assert.Equal(tags.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), tags.EnumerateObject().Select(p => p.Name));
        Assert.Equal(4, s.GetProperty("DelegateCur").GetInt32());
        var c = members.EnumerateArray().Single(m => m.GetProperty("Name").GetString() == "m-client");
        Assert.Equal("node", c.GetProperty("Tags").GetProperty("role").GetString());
        Assert.False(c.GetProperty("Tags").TryGetProperty("port", out _));

        // The server layer sees the same pool through IClusterMembership.
        var cluster = server.Host.Services.GetRequiredService<IClusterMembership>();
        var seen = cluster.LanMembers().Single(m => m.Name == "m-client");
        Assert.False(seen.IsServer);
        Assert.Equal(ClusterMemberStatus.Alive, seen.Status);
    }

    [Fact]
    public async Task MembersFilterSelectsOnSerfMemberFields()
    {
        await using var server = await ServerAsync("f-server");
        await using var client = await ClientAsync("f-client");
        await JoinAsync(client, server);
        await Poll.UntilAsync("both alive on the client", async () =>
            await MemberStatusAsync(client, "f-server") == 1 && await MemberStatusAsync(client, "f-client") == 1);

        async Task<string[]> NamesAsync(string filter) =>
            [.. (await GetJsonAsync(client, "/v1/agent/members?filter=" + Uri.EscapeDataString(filter))).EnumerateArray()
                .Select(m => m.GetProperty("Name").GetString()!).Order(StringComparer.Ordinal)];

        Assert.Equal(["f-client"], await NamesAsync("Tags.role == node"));
        Assert.Equal(["f-server"], await NamesAsync("Tags.role == consul and Status == 1"));
        Assert.Equal(["f-client", "f-server"], await NamesAsync("Name matches \"^f-\" and DelegateCur == 4"));
        Assert.Equal(["f-server"], await NamesAsync("port in Tags"));
        Assert.Equal(["f-client", "f-server"], await NamesAsync("127 in Addr and Port != 0"));
        Assert.Empty(await NamesAsync("Status == 4"));
        Assert.Equal(["f-client", "f-server"], await NamesAsync(""));

        // Consul returns the evaluator's error untyped: 500 with bexpr's message.
        var bad = await client.Http.GetAsync(new Uri("/v1/agent/members?filter=" + Uri.EscapeDataString("Nope == 1"), UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.InternalServerError, bad.StatusCode);
        Assert.StartsWith("Failed to create boolean expression evaluator", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WanPoolHoldsServersOnlyNamedNodeDotDc()
    {
        await using var a = await ServerAsync("w-a");
        await using var b = await ServerAsync("w-b");
        await using var client = await ClientAsync("w-client");

        var res = await PutAsync(a, $"/v1/agent/join/127.0.0.1:{GossipOf(b).Wan!.LocalEndPoint.Port}?wan=1");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        await Poll.UntilAsync("WAN members on b", async () => await MemberStatusAsync(b, "w-a.dc1", wan: true) == 1);
        Assert.Equal(1, await MemberStatusAsync(a, "w-b.dc1", wan: true));
        var wan = await GetJsonAsync(a, "/v1/agent/members?wan=1");
        Assert.All(wan.EnumerateArray(), m => Assert.False(m.GetProperty("Tags").TryGetProperty("wan_join_port", out _)));

        Assert.Empty((await GetJsonAsync(client, "/v1/agent/members?wan=1")).EnumerateArray());
        var refused = await PutAsync(client, $"/v1/agent/join/127.0.0.1:{GossipOf(b).Wan!.LocalEndPoint.Port}?wan=1");
        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Equal("Must be a server to join WAN cluster", await refused.Content.ReadAsStringAsync(Ct));
        var badSegment = await a.Http.GetAsync("/v1/agent/members?wan=1&segment=alpha", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badSegment.StatusCode);
    }

    [Fact]
    public async Task JoinToAnAddressWithNobodyAnswers500WithTheReason()
    {
        await using var agent = await ClientAsync("lonely");
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var deadPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        probe.Dispose();

        var res = await PutAsync(agent, $"/v1/agent/join/127.0.0.1:{deadPort}");

        Assert.Equal(HttpStatusCode.InternalServerError, res.StatusCode);
        Assert.StartsWith("Failed to join 127.0.0.1", await res.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Single((await GetJsonAsync(agent, "/v1/agent/members")).EnumerateArray());
    }

    [Fact]
    public async Task RetryJoinFromConfigJoinsInTheBackground()
    {
        await using var server = await ServerAsync("rj-server");
        await using var client = await ClientAsync("rj-client", c => c with { RetryJoin = [LanAddress(server)], RetryInterval = TimeSpan.FromMilliseconds(200) });

        await Poll.UntilAsync("client joined", async () => await MemberStatusAsync(server, "rj-client") == 1);
    }

    [Fact]
    public async Task AStoppedAgentIsSeenFailedAndAGracefulLeaveIsSeenLeft()
    {
        await using var server = await ServerAsync("f-server");
        var crashed = await ClientAsync("f-crashed");
        var leaving = await ClientAsync("f-leaving");
        try
        {
            await JoinAsync(crashed, server);
            await JoinAsync(leaving, server);
            await Poll.UntilAsync("three alive", async () => await MemberStatusAsync(server, "f-crashed") == 1 && await MemberStatusAsync(server, "f-leaving") == 1);

            await crashed.DisposeAsync();
            await Poll.UntilAsync("crashed agent failed", async () => await MemberStatusAsync(server, "f-crashed") == 4);

            var res = await PutAsync(leaving, "/v1/agent/leave");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            Assert.True(leaving.Host.StopRequested.IsCompleted);
            await Poll.UntilAsync("left agent left", async () => await MemberStatusAsync(server, "f-leaving") == 3);
        }
        finally
        {
            await crashed.DisposeAsync();
            await leaving.DisposeAsync();
        }
    }

    [Fact]
    public async Task ForceLeaveMovesAFailedMemberToLeftAndPruneErasesIt()
    {
        await using var server = await ServerAsync("fl-server");
        var gone = await ClientAsync("fl-gone");
        await JoinAsync(gone, server);
        await Poll.UntilAsync("joined", async () => await MemberStatusAsync(server, "fl-gone") == 1);
        await gone.DisposeAsync();
        await Poll.UntilAsync("failed", async () => await MemberStatusAsync(server, "fl-gone") == 4);

        var unknown = await PutAsync(server, "/v1/agent/force-leave/nobody");
        Assert.Equal(HttpStatusCode.InternalServerError, unknown.StatusCode);
        Assert.Equal("agent: No node found with name 'nobody'", await unknown.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(server, "/v1/agent/force-leave/fl-gone")).StatusCode);
        await Poll.UntilAsync("left", async () => await MemberStatusAsync(server, "fl-gone") == 3);

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(server, "/v1/agent/force-leave/fl-gone?prune")).StatusCode);
        await Poll.UntilAsync("pruned", async () => await MemberStatusAsync(server, "fl-gone") is null);
    }
}
