using System.Text;
using System.Text.Json;
using ConsulSharp.Testing;
using static ConsulSharp.EndToEnd.Tests.Cluster.ClusterChecks;

namespace ConsulSharp.EndToEnd.Tests.Cluster;

/// <summary>
/// Consul's getting-started scenarios with real <c>consul</c> processes on loopback, on one shared cluster
/// (<see cref="GettingStartedFixture"/>): three servers forming one cluster, services registered on a client visible
/// on every server (HTTP and DNS), writes through any agent readable through every other, a client leaving, a client
/// and the leader killed with SIGKILL, and a server leaving (or force-left) and coming back with its data. Forming
/// clusters in other ways (joins, start orders) is in <see cref="GettingStartedFormationTests"/>.
/// </summary>
public sealed class GettingStartedTests(GettingStartedFixture fx) : IClassFixture<GettingStartedFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ProcessCluster Cluster => fx.Cluster;

    [Fact]
    public async Task Three_servers_started_first_form_one_cluster_with_three_voters()
    {
        await AssertOneClusterAsync(Cluster);
        await AssertMembersAsync(fx.C1, Cluster.Servers.Append(fx.C1));
    }

    [Fact]
    public async Task Services_registered_on_a_client_are_found_on_every_server()
    {
        var api = """{"Name": "api", "Port": 9090, "Tags": ["v1"]}""";
        await fx.C1.Client.PutAsync("/v1/agent/service/register", Encoding.UTF8.GetBytes(api), Ct);
        foreach (var service in new[] { "web", "api" })
        {
            foreach (var s in Cluster.Servers)
            {
                await EventuallyAsync($"{service} in {s.Name}'s catalog", async () => (await ServiceNodesAsync(s, $"/v1/catalog/service/{service}")).Contains(fx.C1.Name));
                Assert.Equal([fx.C1.Name], await ServiceNodesAsync(s, $"/v1/health/service/{service}?passing"));
                Assert.Equal([fx.C1.Name], await ServiceNodesAsync(s, $"/v1/catalog/service/{service}?stale"));

                await EventuallyAsync($"{service}.service.consul on {s.Name}'s DNS", async () => (await DnsAsync(s, $"{service}.service.consul")).SequenceEqual(["127.0.0.1"]));
            }

            // Client agents answer DNS too, through a server.
            foreach (var c in Cluster.Clients.Where(c => c.IsRunning))
            {
                await EventuallyAsync($"{service}.service.consul on {c.Name}'s DNS", async () => (await DnsAsync(c, $"{service}.service.consul")).SequenceEqual(["127.0.0.1"]));
            }
        }

        using var doc = JsonDocument.Parse((await Cluster.Servers[1].Client.GetAsync("/v1/catalog/service/web", Ct)).Body);
        var web = doc.RootElement[0];
        Assert.Equal(80, web.GetProperty("ServicePort").GetInt32());
        Assert.Equal("rails", web.GetProperty("ServiceTags")[0].GetString());
    }

    [Fact]
    public async Task Writes_through_any_agent_are_read_through_every_other()
    {
        var agents = Cluster.RunningNodes.ToList();
        foreach (var a in agents)
        {
            Assert.Equal("true", (await a.Client.PutAsync($"/v1/kv/written-via/{a.Name}", Encoding.UTF8.GetBytes(a.Name), Ct)).Text);
        }

        foreach (var reader in agents)
        {
            foreach (var writer in agents)
            {
                Assert.Equal(writer.Name, (await reader.Client.GetAsync($"/v1/kv/written-via/{writer.Name}?raw", Ct)).Text);
            }
        }

        // Stale reads are served by each server's own replica, which catches up.
        foreach (var s in Cluster.Servers)
        {
            await EventuallyAsync($"{s.Name}'s replica has every key", async () =>
            {
                var r = await s.Client.SendRawAsync(HttpMethod.Get, "/v1/kv/written-via/?keys&stale", null, Ct);
                using var keys = JsonDocument.Parse(r.Body);
                return r.StatusCode == 200 && keys.RootElement.GetArrayLength() >= agents.Count;
            });
        }
    }

    [Fact]
    public async Task A_client_that_leaves_is_left_on_the_servers_and_leaves_the_catalog()
    {
        var c2 = Cluster.Clients[1];
        await EventuallyAsync("c2 in the catalog", async () => (await Cluster.Servers[0].Client.GetAsync("/v1/catalog/nodes", Ct)).Text.Contains($"\"{c2.Name}\"", StringComparison.Ordinal));
        var leave = await Cluster.LeaveAsync(c2, Ct);
        Assert.Equal(0, leave.ExitCode);
        Assert.Equal("Graceful leave complete\n", leave.Stdout);
        foreach (var s in Cluster.Servers)
        {
            await EventuallyAsync($"c2 left on {s.Name}", async () => await MemberStatusAsync(s, c2.Name) == "left");
            await EventuallyAsync($"c2 deregistered on {s.Name}", async () => !(await s.Client.GetAsync("/v1/catalog/nodes", Ct)).Text.Contains($"\"{c2.Name}\"", StringComparison.Ordinal));
        }

        Assert.Equal(("left", "client"), (await MembersAsync(Cluster.Servers[0]))[c2.Name]);
    }

    [Fact]
    public async Task A_killed_client_turns_critical_and_its_services_leave_passing()
    {
        var c3 = Cluster.Clients[2];
        await c3.Client.PutAsync("/v1/agent/service/register", """{"Name": "cache", "Port": 6379}"""u8.ToArray(), Ct);
        var server = Cluster.Servers[0];
        await EventuallyAsync("cache passing", async () => (await ServiceNodesAsync(server, "/v1/health/service/cache?passing")).Contains(c3.Name));

        await Cluster.KillAsync(c3);
        foreach (var s in Cluster.Servers)
        {
            await EventuallyAsync($"c3's serfHealth critical on {s.Name}", async () =>
            {
                using var doc = JsonDocument.Parse((await s.Client.GetAsync($"/v1/health/node/{c3.Name}", Ct)).Body);
                return doc.RootElement.EnumerateArray().Any(c => c.GetProperty("CheckID").GetString() == "serfHealth" && c.GetProperty("Status").GetString() == "critical");
            });
            Assert.Empty(await ServiceNodesAsync(s, "/v1/health/service/cache?passing"));
            Assert.Equal([c3.Name], await ServiceNodesAsync(s, "/v1/health/service/cache"));
            // The catalog's critical serfHealth comes from the leader by Raft; this server's own gossip view
            // learns of the death from the dead message, which can arrive later.
            await EventuallyAsync($"c3 failed in {s.Name}'s members", async () => await MemberStatusAsync(s, c3.Name) == "failed");
        }

        Assert.Equal(("failed", "client"), (await MembersAsync(Cluster.Servers[0]))[c3.Name]);
    }

    [Fact]
    public async Task A_killed_leader_is_replaced_and_writes_resume()
    {
        var old = await Cluster.WaitForLeaderAsync(Ct);
        await Cluster.KillAsync(old);
        var leader = await Cluster.WaitForLeaderAsync(Ct);
        Assert.NotEqual(old, leader);
        Assert.Equal("true", (await fx.C1.Client.PutAsync("/v1/kv/after-leader-kill", "1"u8.ToArray(), Ct)).Text);
        foreach (var s in Cluster.RunningServers)
        {
            Assert.Equal("true", (await s.Client.PutAsync($"/v1/kv/after-leader-kill-{s.Name}", "1"u8.ToArray(), Ct)).Text);
        }

        // The old leader comes back on its data as a follower of the new one.
        await Cluster.RestartAsync(old, Ct);
        await Cluster.WaitForVotersAsync(Cluster.Servers, Ct);
        await EventuallyAsync("the old leader caught up", async () => (await old.Client.GetAsync("/v1/kv/after-leader-kill?raw&stale", Ct)).Text == "1");
        await EventuallyAsync("the old leader alive again on the new one", async () => await MemberStatusAsync(leader, old.Name) == "alive");
    }

    [Fact]
    public async Task A_server_that_left_comes_back_on_its_data_and_rejoins_as_voter()
    {
        var leader = await Cluster.WaitForLeaderAsync(Ct);
        var gone = Cluster.Servers.First(s => s != leader);
        Assert.Equal("true", (await gone.Client.PutAsync("/v1/kv/before-leave", "1"u8.ToArray(), Ct)).Text);
        Assert.Equal(0, (await Cluster.LeaveAsync(gone, Ct)).ExitCode);
        var rest = Cluster.Servers.Where(s => s != gone).ToList();
        await Cluster.WaitForVotersAsync(rest, Ct);
        await EventuallyAsync($"{gone.Name} left on {rest[0].Name}", async () => (await MembersAsync(rest[0]))[gone.Name].Status == "left");
        Assert.Equal("true", (await rest[0].Client.PutAsync("/v1/kv/while-gone", "1"u8.ToArray(), Ct)).Text);

        await Cluster.RestartAsync(gone, Ct);
        await Cluster.WaitForVotersAsync(Cluster.Servers, Ct);
        await EventuallyAsync("the returning server has the writes made while it was gone", async () => (await gone.Client.GetAsync("/v1/kv/while-gone?raw&stale", Ct)).Text == "1");
        Assert.Equal("1", (await gone.Client.GetAsync("/v1/kv/before-leave?raw&stale", Ct)).Text);
        await EveryAgentSeesAliveAsync(Cluster, gone);
    }

    [Fact]
    public async Task A_force_left_server_comes_back_on_its_data_and_rejoins_as_voter()
    {
        var leader = await Cluster.WaitForLeaderAsync(Ct);
        var gone = Cluster.Servers.Last(s => s != leader);
        await Cluster.KillAsync(gone);
        await EventuallyAsync($"{gone.Name} failed", async () => await MemberStatusAsync(leader, gone.Name) == "failed");
        await CliAsync("force-leave", "-http-addr", leader.HttpAddress, gone.Name);
        var rest = Cluster.Servers.Where(s => s != gone).ToList();
        await EventuallyAsync($"{gone.Name} left", async () => await MemberStatusAsync(leader, gone.Name) == "left");
        await Cluster.WaitForVotersAsync(rest, Ct);

        await Cluster.RestartAsync(gone, Ct);
        await Cluster.WaitForVotersAsync(Cluster.Servers, Ct);
        await EveryAgentSeesAliveAsync(Cluster, gone);
    }
}
