using System.Diagnostics;
using System.Globalization;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Clients;

/// <summary>
/// Unmodified third-party Consul client libraries against the published binary (<c>consul agent -dev</c>): the scripts
/// in <c>test/clients/</c> drive KV (flags, CAS, recurse, keys/separator, raw, blocking queries/watches), transactions,
/// sessions and locks (Patroni's pattern), agent services and TTL checks, health, catalog, agent self/members and events
/// through python-consul (Debian <c>python3-consul2</c>) and node-consul (npm <c>consul</c> 2.0.1). <c>scripts/test.sh</c>
/// installs both; without them the tests skip and say so.
/// </summary>
public sealed class ThirdPartyClientTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConsulSharp.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root");
    }

    [Fact]
    public async Task Python_consul_drives_kv_sessions_services_health_and_events()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || !Directory.Exists("/usr/lib/python3/dist-packages/consul"))
        {
            Assert.Skip("python-consul is not installed (scripts/test.sh installs the Debian package python3-consul2)");
        }

        await RunAgainstDevAgentAsync(python, Path.Combine(RepoRoot(), "test/clients/python/python_consul_test.py"));
    }

    [Fact]
    public async Task Node_consul_drives_kv_txn_watch_sessions_services_health_and_events()
    {
        var script = Path.Combine(RepoRoot(), "test/clients/node/node_consul_test.js");
        if (!File.Exists("/usr/bin/node") || !Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules/consul")))
        {
            Assert.Skip("node-consul is not installed (scripts/test.sh runs `npm ci` in test/clients/node)");
        }

        await RunAgainstDevAgentAsync("/usr/bin/node", script);
    }

    private static async Task RunAgainstDevAgentAsync(string interpreter, string script)
    {
        var (agent, client) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0"], "client-dev");
        await using var a = agent;
        using var c = client;
        var http = await agent.HttpReady;
        var psi = new ProcessStartInfo(interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(http.Host);
        psi.ArgumentList.Add(http.Port.ToString(CultureInfo.InvariantCulture));
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        TestContext.Current.TestOutputHelper?.WriteLine(output + await stderr);
        Assert.True(p.ExitCode == 0, $"{Path.GetFileName(script)} exited {p.ExitCode}:\n{output}\n{await stderr}");
        Assert.Contains("PASS ", output, StringComparison.Ordinal);
    }
}
