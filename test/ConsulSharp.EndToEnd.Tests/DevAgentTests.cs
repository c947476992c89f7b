using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests;

/// <summary>The README's first command: a dev agent as its own process, driven by the CLI.</summary>
public sealed class DevAgentTests
{
    private static readonly string[] DevArgs = ["agent", "-dev", "-http-port=0", "-dns-port=-1", "-node=e2e-dev"];

    [Fact]
    public async Task DevAgentPrintsBannerServesApiAndCliCommands()
    {
        var (agent, client) = await AgentProcess.StartAgentAsync(DevArgs, "dev");
        await using var _ = agent;
        using var __ = client;

        Assert.Contains("==> Starting Consul agent...", agent.Stdout, StringComparison.Ordinal);
        Assert.Contains("            Node name: 'e2e-dev'", agent.Stdout, StringComparison.Ordinal);
        Assert.Contains("               Server: true (Bootstrap: true)", agent.Stdout, StringComparison.Ordinal);
        Assert.Contains("==> Log data will now stream in as it occurs:", agent.Stdout, StringComparison.Ordinal);
        await agent.WaitForOutputAsync("[INFO]  agent: Consul agent running!", TimeSpan.FromSeconds(10));

        var self = await client.GetAsync("/v1/agent/self", TestContext.Current.CancellationToken);
        using (var doc = JsonDocument.Parse(self.Body))
        {
            Assert.Equal("e2e-dev", doc.RootElement.GetProperty("Config").GetProperty("NodeName").GetString());
        }

        var addr = client.BaseAddress.ToString();
        var members = await AgentProcess.RunAsync(["members", "-http-addr", addr]);
        Assert.Equal(0, members.ExitCode);
        var lines = members.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^Node\s+Address\s+Status\s+Type\s+Build\s+Protocol\s+DC\s+Partition\s+Segment$", lines[0]);
        Assert.Matches(@"^e2e-dev\s+127\.0\.0\.1:\d+\s+alive\s+server\s+1\.22\.0\s+2\s+dc1\s+default\s+<all>$", lines[1]);

        var noMatch = await AgentProcess.RunAsync(["members", "-http-addr", addr, "-status", "failed"]);
        Assert.Equal(2, noMatch.ExitCode);

        var env = new Dictionary<string, string> { ["CONSUL_HTTP_ADDR"] = addr };
        var info = await AgentProcess.RunAsync(["info"], env);
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("build:\n\tprerelease = \n\trevision = ", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("\tserver = true", info.Stdout, StringComparison.Ordinal);

        var reload = await AgentProcess.RunAsync(["reload"], env);
        Assert.Equal(0, reload.ExitCode);
        Assert.Equal("Configuration reload triggered\n", reload.Stdout);
        await agent.WaitForOutputAsync("agent: Reloading configuration...", TimeSpan.FromSeconds(5));

        agent.Hangup();
        await agent.WaitForOutputAsync("agent: Caught: signal=hangup", TimeSpan.FromSeconds(5));

        // Dev is a server: SIGINT does not leave (skip_leave_on_interrupt), Consul exits 1 after shutting down.
        agent.Interrupt();
        var code = await agent.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, code);
        Assert.Contains("agent: Caught: signal=interrupt", agent.Stdout, StringComparison.Ordinal);
        Assert.Contains("agent: Graceful shutdown disabled. Exiting", agent.Stdout, StringComparison.Ordinal);
        Assert.Contains("agent: Requesting shutdown", agent.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliReportsConnectionRefusedLikeConsul()
    {
        var r = await AgentProcess.RunAsync(["members", "-http-addr", "127.0.0.1:1"]);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("Error retrieving members: Get \"http://127.0.0.1:1/v1/agent/members?segment=_all\": dial tcp", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("connection refused", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorStreamsUntilTheAgentStops()
    {
        var (agent, client) = await AgentProcess.StartAgentAsync(DevArgs, "dev");
        await using var _ = agent;
        using var __ = client;
        await using var monitor = AgentProcess.Start(["monitor", "-log-level=debug", "-http-addr", client.BaseAddress.ToString()], "monitor");
        // The monitor subscribes some time after it starts: keep making requests until one shows up in its stream.
        for (var i = 0; i < 100 && !monitor.Stdout.Contains("url=/v1/agent/self", StringComparison.Ordinal); i++)
        {
            await client.GetAsync("/v1/agent/self", TestContext.Current.CancellationToken);
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await monitor.WaitForOutputAsync("agent.http: Request finished: method=GET url=/v1/agent/self", TimeSpan.FromSeconds(10));
        agent.Terminate();
        var code = await monitor.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, code);
        Assert.Contains("Remote side ended the monitor!", monitor.Stdout, StringComparison.Ordinal);
    }
}
