using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Gossip;

/// <summary>The getting-started cluster as processes: a dev server, a client started with <c>-join</c>, one joined by <c>consul join</c>.</summary>
public sealed class GossipCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> MembersAsync(string addr, params string[] extra)
    {
        var r = await AgentProcess.RunAsync(["members", "-http-addr", addr, .. extra]);
        Assert.Equal(0, r.ExitCode);
        return r.Stdout;
    }

    private static async Task UntilAsync(string what, Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"timed out waiting for: {what}");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task ClientsJoinByFlagAndByCommandAndLeaveGracefully()
    {
        var dir1 = Directory.CreateTempSubdirectory("consulsharp-e2e-c1-").FullName;
        var dir2 = Directory.CreateTempSubdirectory("consulsharp-e2e-c2-").FullName;
        var (server, serverClient) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-node=g-server"], "g-server");
        await using var _ = server;
        using var __ = serverClient;
        var serverAddr = serverClient.BaseAddress.ToString();
        using var doc = JsonDocument.Parse((await serverClient.GetAsync("/v1/agent/members", Ct)).Body);
        var lanPort = doc.RootElement[0].GetProperty("Port").GetInt32();

        var (c1, c1Client) = await AgentProcess.StartAgentAsync(["agent", "-node=g-client1", "-data-dir=" + dir1, "-bind=127.0.0.1", "-http-port=0", "-dns-port=-1", $"-join=127.0.0.1:{lanPort}"], "g-client1");
        await using var ___ = c1;
        using var ____ = c1Client;
        var (c2, c2Client) = await AgentProcess.StartAgentAsync(["agent", "-node=g-client2", "-data-dir=" + dir2, "-bind=127.0.0.1", "-http-port=0", "-dns-port=-1"], "g-client2");
        await using var _____ = c2;
        using var ______ = c2Client;
        try
        {
            await c1.WaitForOutputAsync("agent: Join cluster completed. Synced with initial agents: cluster=LAN num_agents=1", TimeSpan.FromSeconds(30));
            await UntilAsync("client1 alive on the server", async () => (await MembersAsync(serverAddr)).Contains("g-client1", StringComparison.Ordinal));
            var lines = (await MembersAsync(c1Client.BaseAddress.ToString())).TrimEnd('\n').Split('\n');
            Assert.Matches(@"^g-server\s+127\.0\.0\.1:\d+\s+alive\s+server\s+1\.22\.0\s+2\s+dc1\s+default\s+<all>$", lines[1]);
            Assert.Matches(@"^g-client1\s+127\.0\.0\.1:\d+\s+alive\s+client\s+1\.22\.0\s+2\s+dc1\s+default\s+<default>$", lines[2]);

            var join = await AgentProcess.RunAsync(["join", "-http-addr", c2Client.BaseAddress.ToString(), $"127.0.0.1:{lanPort}"]);
            Assert.Equal(0, join.ExitCode);
            Assert.Equal("Successfully joined cluster by contacting 1 nodes.\n", join.Stdout);
            await UntilAsync("client2 alive on the server", async () => (await MembersAsync(serverAddr, "-status=alive")).Contains("g-client2", StringComparison.Ordinal));

            var evt = await AgentProcess.RunAsync(["event", "-http-addr", serverAddr, "-name=deploy", "v1"]);
            Assert.Equal(0, evt.ExitCode);
            Assert.Matches(@"^Event ID: [0-9a-f-]{36}\n$", evt.Stdout);

            var leave = await AgentProcess.RunAsync(["leave", "-http-addr", c2Client.BaseAddress.ToString()]);
            Assert.Equal(0, leave.ExitCode);
            Assert.Equal(0, await c2.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            await UntilAsync("client2 left", async () => (await MembersAsync(serverAddr, "-status=left")).Contains("g-client2", StringComparison.Ordinal));

            var wan = await MembersAsync(serverAddr, "-wan");
            Assert.Contains("g-server.dc1", wan, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var d in new[] { dir1, dir2 })
            {
                try
                {
                    Directory.Delete(d, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
