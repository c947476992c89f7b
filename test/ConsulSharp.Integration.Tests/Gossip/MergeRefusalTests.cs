using System.Net;
using ConsulSharp.Agent.Logging;
using ConsulSharp.Integration.Tests.AgentServices;
using ConsulSharp.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ConsulSharp.Integration.Tests.Gossip.GossipCluster;

namespace ConsulSharp.Integration.Tests.Gossip;

/// <summary>
/// Consul's LAN merge checks on real pools (issue 8, bad input and safety): a joiner from another datacenter, with the
/// name of a live member but another node ID, or with the node ID of a live member under another name is refused on
/// both sides with Consul's text, and the pool it tried to join keeps its members.
/// </summary>
public sealed class MergeRefusalTests
{
    private static async Task<(HttpStatusCode Status, string Body)> JoinExpectingAsync(TestAgent agent, TestAgent target)
    {
        using var res = await PutAsync(agent, "/v1/agent/join/" + LanAddress(target));
        return (res.StatusCode, await res.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Waits for a warning (or worse) whose text contains <paramref name="text"/> on the subscription.</summary>
    private static async Task<string> LogLineAsync(LogBroadcaster.Subscription logs, string text)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await foreach (var r in logs.Reader.ReadAllAsync(timeout.Token))
        {
            if (r.Message.Contains(text, StringComparison.Ordinal))
            {
                return $"{r.Module}: {r.Message}";
            }
        }

        throw new InvalidOperationException("log ended");
    }

    private static LogBroadcaster.Subscription Logs(TestAgent agent) =>
        agent.Host.Services.GetRequiredService<LogBroadcaster>().Subscribe(LogLevel.Warning, 4096);

    private static async Task<string[]> MemberNamesAsync(TestAgent agent) =>
        [.. (await GetJsonAsync(agent, "/v1/agent/members")).EnumerateArray().Select(m => m.GetProperty("Name").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_server_of_another_datacenter_is_refused_on_the_LAN()
    {
        await using var dc1 = await ServerAsync("mr-dc1");
        await using var dc2 = await ServerAsync("mr-dc2", c => c with { Datacenter = "dc2" });
        using var logs = Logs(dc1);

        var (status, body) = await JoinExpectingAsync(dc2, dc1);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("Member 'mr-dc1' part of wrong datacenter 'dc1'", body, StringComparison.Ordinal);
        var line = await LogLineAsync(logs, "Member 'mr-dc2' part of wrong datacenter 'dc2'");
        Assert.StartsWith("agent.server.memberlist.lan", line, StringComparison.Ordinal);
        Assert.Equal(["mr-dc1"], await MemberNamesAsync(dc1));
        Assert.Equal(["mr-dc2"], await MemberNamesAsync(dc2));
    }

    [Fact]
    public async Task A_duplicate_node_name_or_node_id_is_refused_and_the_pool_keeps_its_member()
    {
        await using var server = await ServerAsync("mr-server");
        await using var original = await ClientAsync("mr-dup");
        await JoinAsync(original, server);
        await Poll.UntilAsync("joined", async () => await MemberStatusAsync(server, "mr-dup") == 1, 15);
        using var logs = Logs(server);

        // Same name, another node ID (and another port): refused by the joiner and by the pool.
        await using var sameName = await ClientAsync("mr-dup");
        Assert.NotEqual(original.Host.Agent.NodeId, sameName.Host.Agent.NodeId);
        var (status, body) = await JoinExpectingAsync(sameName, server);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains($"Member 'mr-dup' has conflicting node ID '{original.Host.Agent.NodeId}' with member 'mr-dup'", body, StringComparison.Ordinal);
        await LogLineAsync(logs, $"Member 'mr-dup' has conflicting node ID '{sameName.Host.Agent.NodeId}' with member 'mr-dup'");

        // Another name, the node ID of a live member.
        await using var sameId = await ClientAsync("mr-clone", c => c with { NodeId = original.Host.Agent.NodeId });
        (status, body) = await JoinExpectingAsync(sameId, server);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains($"Member 'mr-dup' has conflicting node ID '{original.Host.Agent.NodeId}' with this agent's ID", body, StringComparison.Ordinal);
        await LogLineAsync(logs, $"Member 'mr-clone' has conflicting node ID '{original.Host.Agent.NodeId}' with member 'mr-dup'");

        // The pool is unaffected: the original is still the alive mr-dup with its own ID, nobody else joined.
        Assert.Equal(["mr-dup", "mr-server"], await MemberNamesAsync(server));
        var members = await GetJsonAsync(server, "/v1/agent/members");
        var dup = members.EnumerateArray().Single(m => m.GetProperty("Name").GetString() == "mr-dup");
        Assert.Equal(1, dup.GetProperty("Status").GetInt32());
        Assert.Equal(original.Host.Agent.NodeId, dup.GetProperty("Tags").GetProperty("id").GetString());
        Assert.Equal(1, await MemberStatusAsync(original, "mr-server"));
    }
}
