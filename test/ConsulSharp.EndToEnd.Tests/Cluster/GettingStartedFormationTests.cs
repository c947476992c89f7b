using System.Text;
using ConsulSharp.Testing;
using static ConsulSharp.EndToEnd.Tests.Cluster.ClusterChecks;

namespace ConsulSharp.EndToEnd.Tests.Cluster;

/// <summary>
/// Getting-started cluster formation with real <c>consul</c> processes, each test on its own cluster: a client joined
/// with <c>-join</c> and one with <c>consul join</c>; three <c>-bootstrap-expect 3</c> servers and a client started
/// clients first or all at once (servers first is <see cref="GettingStartedTests"/>' shared cluster). A class of its
/// own so that it runs in parallel with the shared-cluster scenarios.
/// </summary>
public sealed class GettingStartedFormationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_server_and_clients_joined_by_flag_and_by_consul_join()
    {
        await using var cluster = await ProcessCluster.StartAsync(new ProcessClusterOptions
        {
            Servers = 1,
            Clients = 2,
            JoinClients = false,
            NamePrefix = "join-",
            ExtraArgs = (c, n) => n.Name == "join-c1" ? ["-join", c.Servers[0].LanAddress] : [],
        }, Ct);
        var (server, byFlag, byCommand) = (cluster.Servers[0], cluster.Clients[0], cluster.Clients[1]);
        await byFlag.Process.WaitForOutputAsync("agent: Join cluster completed. Synced with initial agents: cluster=LAN num_agents=1", Patience);

        var join = await CliAsync("join", "-http-addr", byCommand.HttpAddress, server.LanAddress);
        Assert.Equal("Successfully joined cluster by contacting 1 nodes.\n", join);

        await cluster.WaitForMembersAsync(Ct);
        foreach (var via in cluster.Nodes)
        {
            await AssertMembersAsync(via, cluster.Nodes);
        }

        // The client forwards to the server: one write through it is read on the server.
        Assert.Equal("true", (await byCommand.Client.PutAsync("/v1/kv/joined", "yes"u8.ToArray(), Ct)).Text);
        Assert.Equal("yes", (await server.Client.GetAsync("/v1/kv/joined?raw", Ct)).Text);
    }

    [Theory]
    [InlineData(ProcessStartOrder.ClientsFirst)]
    [InlineData(ProcessStartOrder.Concurrent)]
    public async Task Three_servers_and_a_client_form_one_cluster_in_any_start_order(ProcessStartOrder order)
    {
        await using var cluster = await ProcessCluster.StartAsync(new ProcessClusterOptions { Servers = 3, Clients = 1, StartOrder = order, NamePrefix = order == ProcessStartOrder.Concurrent ? "cc-" : "cf-" }, Ct);
        await AssertOneClusterAsync(cluster);
        var client = cluster.Clients[0];
        await AssertMembersAsync(client, cluster.Nodes);
        Assert.Equal("true", (await client.Client.PutAsync("/v1/kv/order", Encoding.UTF8.GetBytes(order.ToString()), Ct)).Text);
        foreach (var s in cluster.Servers)
        {
            Assert.Equal(order.ToString(), (await s.Client.GetAsync("/v1/kv/order?raw", Ct)).Text);
        }
    }
}
