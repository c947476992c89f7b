using System.Text.RegularExpressions;
using ConsulSharp.Agent.Config;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Acl;

public sealed class AclBootstrapCliTests
{
    [Fact]
    public async Task An_agent_started_with_acls_says_so_and_refuses_anonymous_reads()
    {
        var (agent, client) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-hcl", "acl { enabled = true default_policy = \"deny\" }"], "acl-banner");
        await using var a = agent;
        using var c = client;
        Assert.Contains("ACLs Enabled: true", agent.Stdout, StringComparison.Ordinal);
        var kv = await AgentProcess.RunAsync(["kv", "get", "-http-addr=" + client.BaseAddress, "some/key"]);
        Assert.Equal(1, kv.ExitCode);
        Assert.Contains("Permission denied", kv.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapPrintsTheManagementTokenOnceThenFails()
    {
        var agent = await TestAgent.StartAsync(TestAgentOptions.Dev with
        {
            NodeName = "acl-boot",
            Configure = c => c with { Acl = new AclConfig { Enabled = true, DefaultPolicy = "deny" } },
        });
        try
        {
            var addr = "-http-addr=" + agent.HttpAddress;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            CliResult first;
            while (true)
            {
                // Until a leader has set the ACL system up, bootstrap answers an error.
                first = await AgentProcess.RunAsync(["acl", "bootstrap", addr]);
                if (first.ExitCode == 0 || deadline.IsCancellationRequested)
                {
                    break;
                }

                await Task.Delay(200, TestContext.Current.CancellationToken);
            }

            Assert.True(first.ExitCode == 0, first.Stderr);
            Assert.Matches(new Regex(@"^AccessorID:       [0-9a-f-]{36}\nSecretID:         [0-9a-f-]{36}\nDescription:      Bootstrap Token \(Global Management\)\nLocal:            false\nCreate Time:      \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? \+0000 UTC\nPolicies:\n   00000000-0000-0000-0000-000000000001 - global-management\n\n$"), first.Stdout);

            var again = await AgentProcess.RunAsync(["acl", "bootstrap", addr]);
            Assert.Equal(1, again.ExitCode);
            Assert.StartsWith("Failed ACL bootstrapping: Unexpected response code: 403 (", again.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                await agent.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
                // The in-memory Raft transport is disposed twice on shutdown; harmless here.
            }
        }
    }
}
