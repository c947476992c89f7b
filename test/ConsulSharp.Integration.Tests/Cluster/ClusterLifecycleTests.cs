using System.Net;
using ConsulSharp.Server.Cluster;
using ConsulSharp.Testing;
using static ConsulSharp.Integration.Tests.Cluster.ClusterHttp;

namespace ConsulSharp.Integration.Tests.Cluster;

/// <summary>Clusters of their own: leader loss, quorum loss, servers joining later, clients without servers.</summary>
public sealed class ClusterLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LeaderLoss_ElectsAnotherAndWritesResume_QuorumLossLeavesStaleReadsOnly()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { Servers = 3, Clients = 1, NamePrefix = "failover-" });
        var client = cluster.Clients[0];
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, "/v1/kv/f/before", "1", Ct)).Status);

        var leader = await cluster.WaitForLeaderAsync(Ct);
        await cluster.StopAsync(leader);
        var next = await cluster.WaitForLeaderAsync(Ct);
        Assert.NotSame(leader, next);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, "/v1/kv/f/after", "2", Ct)).Status);
        var (code, raw, res) = await GetAsync(client, "/v1/kv/f/before?raw", Ct);
        res.Dispose();
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("1", raw);

        // Lose the quorum: the last server answers ?stale from its own state and holds, then refuses, the rest.
        await cluster.StopAsync(next);
        var last = cluster.RunningServers.Single();
        await EventuallyAsync(() => Task.FromResult(!TestCluster.ServerOf(last).Status.KnownLeader));
        var (sc, sraw, sres) = await GetAsync(last, "/v1/kv/f/after?raw&stale", Ct);
        Assert.Equal(HttpStatusCode.OK, sc);
        Assert.Equal("2", sraw);
        Assert.Equal("false", Header(sres, "X-Consul-KnownLeader"));
        sres.Dispose();
        var (dc, dbody, dres) = await GetAsync(last, "/v1/kv/f/after", Ct);
        dres.Dispose();
        Assert.Equal(HttpStatusCode.InternalServerError, dc);
        Assert.Equal("No cluster leader", dbody);
        var (wc, wbody) = await PutAsync(last, "/v1/kv/f/never", "x", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, wc);
        Assert.Equal("No cluster leader", wbody);
    }

    [Fact]
    public async Task ServerJoiningLater_IsAddedAsNonVoterThenPromoted_AndDoesNotBootstrapItsOwnCluster()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { Servers = 3, NamePrefix = "join-" });
        var leader = await cluster.WaitForLeaderAsync(Ct);
        var fourth = await cluster.AddServerAsync(bootstrapExpect: 3, Ct);
        var fourthId = fourth.Host.Agent.NodeId;
        await EventuallyAsync(() => Task.FromResult(TestCluster.ServerOf(leader).Status.Configuration.IsVoter(fourthId)), TimeSpan.FromSeconds(20));
        Assert.Equal(4, TestCluster.ServerOf(leader).Status.Configuration.VoterCount);
        await EventuallyAsync(() => Task.FromResult(TestCluster.ServerOf(fourth).Status.LeaderAddress == TestCluster.ServerOf(leader).Status.Address));

        // Leaving the pool removes it from Raft again.
        cluster.Membership.SetLan(TestCluster.MemberOf(fourth, 3, ClusterMemberStatus.Left));
        await EventuallyAsync(() => Task.FromResult(!TestCluster.ServerOf(leader).Status.Configuration.Contains(fourthId)));
    }

    [Fact]
    public async Task ClientWithoutServers_AnswersNoKnownConsulServers()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions { Servers = 0, Clients = 1, NamePrefix = "lonely-" });
        var (code, body, res) = await GetAsync(cluster.Clients[0], "/v1/kv/anything", Ct);
        res.Dispose();
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal("No known Consul servers", body);

        // Its own agent endpoints still answer locally.
        var (sc, _, sres) = await GetAsync(cluster.Clients[0], "/v1/agent/self", Ct);
        sres.Dispose();
        Assert.Equal(HttpStatusCode.OK, sc);
    }

    [Fact]
    public async Task Autopilot_RemovesAFailedServerAfterTheDelay_UnlessCleanupIsDisabled()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            Servers = 3,
            NamePrefix = "dead-",
            DeadServerCleanupDelay = TimeSpan.FromSeconds(1),
        });
        var leader = await cluster.WaitForLeaderAsync(Ct);

        // Cleanup off: a failed follower stays a voter.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(leader, "/v1/operator/autopilot/configuration", """{"CleanupDeadServers":false}""", Ct)).Status);
        var first = cluster.RunningServers.First(s => s != leader);
        var firstId = first.Host.Agent.NodeId;
        var failed = TestCluster.MemberOf(first, 0, ClusterMemberStatus.Failed);
        await cluster.StopAsync(first);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.True(TestCluster.ServerOf(leader).Status.Configuration.IsVoter(firstId));

        // Cleanup on: it is removed, leaving two voters; the cluster keeps committing.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(leader, "/v1/operator/autopilot/configuration", """{"CleanupDeadServers":true}""", Ct)).Status);
        cluster.Membership.SetLan(failed); // wake the reconciler
        await EventuallyAsync(() => Task.FromResult(!TestCluster.ServerOf(leader).Status.Configuration.Contains(firstId)), TimeSpan.FromSeconds(20));
        Assert.Equal(2, TestCluster.ServerOf(leader).Status.Configuration.VoterCount);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(leader, "/v1/kv/dead/after", "1", Ct)).Status);
    }
}
