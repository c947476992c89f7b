using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Watch;

/// <summary><c>consul exec</c> against a dev agent with <c>disable_remote_exec = false</c> (and one with the default,
/// which ignores the job): output lines, exit codes, scripts from stdin, <c>-shell=false</c>, filters, cleanup.</summary>
public sealed class ExecCommandTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("consulsharp-exec-");

    private string Dir => _scratch.Path;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Exec_runs_commands_on_agents_that_allow_it_and_reports_exit_codes()
    {
        await File.WriteAllTextAsync(Path.Combine(Dir, "exec.hcl"), "disable_remote_exec = false\n", Ct);
        var (agent, client) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-node=ex-node", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0", "-config-dir", Dir], "exec");
        await using var a = agent;
        using var c = client;
        var http = await agent.HttpReady;
        var env = new Dictionary<string, string> { ["CONSUL_HTTP_ADDR"] = $"{http.Host}:{http.Port}" };

        var failing = await AgentProcess.RunAsync(["exec", "echo hello; echo world; exit 3"], env);
        Assert.Equal(2, failing.ExitCode);
        // Output arrives in chunks (one per flush), each printed as Consul's TargetedUI does, then the exit code.
        var lines = failing.Stdout.Split('\n');
        Assert.True(Array.IndexOf(lines, "    ex-node: hello") >= 0 && Array.IndexOf(lines, "    ex-node: hello") < Array.IndexOf(lines, "    ex-node: world"), failing.Stdout);
        Assert.EndsWith("==> ex-node: finished with exit code 3\n1 / 1 node(s) completed / acknowledged\n", failing.Stdout, StringComparison.Ordinal);
        Assert.All(lines.Where(l => l.Length > 0 && !l.StartsWith("==>", StringComparison.Ordinal) && !l.StartsWith("1 / 1", StringComparison.Ordinal)), l => Assert.StartsWith("    ex-node:", l, StringComparison.Ordinal));

        var ok = await AgentProcess.RunAsync(["exec", "-shell=false", "/bin/echo", "a", "b"], env);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("    ex-node: a b\n", ok.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("==> ex-node: finished with exit code 0\n1 / 1 node(s) completed / acknowledged\n", ok.Stdout, StringComparison.Ordinal);

        var script = await AgentProcess.RunAsync(["exec", "-"], env, stdin: "x=41\necho $((x+1))\n");
        Assert.Equal(0, script.ExitCode);
        Assert.Contains("    ex-node: 42\n", script.Stdout, StringComparison.Ordinal);

        var filtered = await AgentProcess.RunAsync(["exec", "-node=^other$", "echo nope"], env);
        Assert.Equal(0, filtered.ExitCode);
        Assert.Equal("0 / 0 node(s) completed / acknowledged\n", filtered.Stdout);

        // Every job's data goes with its session.
        Assert.Equal(404, (await client.SendRawAsync(HttpMethod.Get, "/v1/kv/_rexec/?recurse", null, Ct)).StatusCode);

        var bad = await AgentProcess.RunAsync(["exec", "-tag=x", "echo"], env);
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("Cannot provide tag filter without service filter.", bad.Stderr.Trim());
        var none = await AgentProcess.RunAsync(["exec"], env);
        Assert.Equal(1, none.ExitCode);
        Assert.StartsWith("Must specify a command to execute", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agents_ignore_remote_exec_by_default()
    {
        var (agent, client) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-node=ex-off", "-http-port=0", "-dns-port=-1"], "exec-off");
        await using var a = agent;
        using var c = client;
        var http = await agent.HttpReady;
        var r = await AgentProcess.RunAsync(["exec", "-wait=1s", "touch /tmp/should-not-exist"], new Dictionary<string, string> { ["CONSUL_HTTP_ADDR"] = $"{http.Host}:{http.Port}" });
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("0 / 0 node(s) completed / acknowledged\n", r.Stdout);
        await agent.WaitForOutputAsync("ignoring remote exec event, disabled.", TimeSpan.FromSeconds(5));
    }
}
