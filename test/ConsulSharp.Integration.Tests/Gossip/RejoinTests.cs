using ConsulSharp.Testing;
using ConsulSharp.Integration.Tests.AgentServices;
using static ConsulSharp.Integration.Tests.Gossip.GossipCluster;

namespace ConsulSharp.Integration.Tests.Gossip;

/// <summary>The serf snapshot under <c>&lt;data-dir&gt;/serf/local.snapshot</c>: restarts rejoin, a graceful leave does not (unless <c>-rejoin</c>).</summary>
public sealed class RejoinTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consulsharp-rejoin-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A client keeping its state in the test's data dir; a restart reuses the gossip port, as a real agent does.</summary>
    private Task<TestAgent> PersistentClientAsync(string name, bool rejoin = false, int port = 0) => ClientAsync(name, c => c with
    {
        SerfLanPort = port,
        DevMode = false,
        DataDir = _dir,
        SerfBindAddrLan = System.Net.IPAddress.Loopback,
        RejoinAfterLeave = rejoin,
    });

    [Fact]
    public async Task ARestartedAgentRejoinsThePoolFromItsSnapshot()
    {
        await using var server = await ServerAsync("rs-server");
        var client = await PersistentClientAsync("rs-client");
        await JoinAsync(client, server);
        await Poll.UntilAsync("joined", async () => await MemberStatusAsync(server, "rs-client") == 1);
        var port = LanPort(client);
        await client.DisposeAsync();
        Assert.True(File.Exists(Path.Combine(_dir, "serf", "local.snapshot")));
        await Poll.UntilAsync("failed", async () => await MemberStatusAsync(server, "rs-client") == 4);

        await using var again = await PersistentClientAsync("rs-client", port: port);

        await Poll.UntilAsync("rejoined without a join", async () => await MemberStatusAsync(server, "rs-client") == 1 && await MemberStatusAsync(again, "rs-server") == 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AfterAGracefulLeaveOnlyRejoinAfterLeaveRejoins(bool rejoin)
    {
        var suffix = rejoin ? "y" : "n";
        await using var server = await ServerAsync("rl-server-" + suffix);
        var client = await PersistentClientAsync("rl-client-" + suffix);
        await JoinAsync(client, server);
        await Poll.UntilAsync("joined", async () => await MemberStatusAsync(server, "rl-client-" + suffix) == 1);
        var port = LanPort(client);
        await PutAsync(client, "/v1/agent/leave");
        await client.DisposeAsync();
        await Poll.UntilAsync("left", async () => await MemberStatusAsync(server, "rl-client-" + suffix) == 3);

        await using var restarted = await PersistentClientAsync("rl-client-" + suffix, rejoin, port);

        if (rejoin)
        {
            await Poll.UntilAsync("rejoined with -rejoin", async () => await MemberStatusAsync(server, "rl-client-" + suffix) == 1);
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Ct); // nothing to wait for: the absence of a rejoin
            Assert.Null(await MemberStatusAsync(restarted, "rl-server-" + suffix));
        }
    }
}
