using System.Text;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Catalog;

/// <summary><c>consul catalog datacenters|nodes|services</c> against a dev agent running as its own process.</summary>
public sealed class CatalogCliTests
{
    private static readonly string[] DevArgs = ["agent", "-dev", "-http-port=0", "-dns-port=-1", "-node=e2e-cat"];

    [Fact]
    public async Task CatalogCommandsPrintConsulsLayouts()
    {
        var ct = TestContext.Current.CancellationToken;
        var (agent, client) = await AgentProcess.StartAgentAsync(DevArgs, "dev");
        await using var _ = agent;
        using var __ = client;
        var addr = client.BaseAddress.ToString();

        // Wait for the leader's self registration (node + consul service).
        for (var i = 0; i < 200 && !(await client.GetAsync("/v1/catalog/services", ct)).Text.Contains("consul", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50, ct);
        }

        await client.PutAsync("/v1/catalog/register", Encoding.UTF8.GetBytes("""
            {"Node":"web-01","ID":"40e4a748-2192-161a-0510-9bf59fe950b5","Address":"10.0.0.7","TaggedAddresses":{"wan":"1.2.3.4"},
             "NodeMeta":{"rack":"r2","env":"prod"},"Service":{"ID":"web1","Service":"web","Tags":["v2","primary"],"Port":80}}
            """), ct);
        await client.PutAsync("/v1/catalog/register", Encoding.UTF8.GetBytes("""
            {"Node":"db-01","Address":"10.0.0.8","NodeMeta":{"env":"dev"},"Service":{"ID":"db1","Service":"db","Port":5432}}
            """), ct);

        var dcs = await AgentProcess.RunAsync(["catalog", "datacenters", "-http-addr", addr]);
        Assert.Equal((0, "dc1\n"), (dcs.ExitCode, dcs.Stdout));

        var nodes = await AgentProcess.RunAsync(["catalog", "nodes", "-http-addr", addr]);
        Assert.Equal(0, nodes.ExitCode);
        var lines = nodes.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("Node     ID        Address    DC", lines[0]);
        Assert.Equal("db-01              10.0.0.8   dc1", lines[1]);
        Assert.StartsWith("e2e-cat  ", lines[2], StringComparison.Ordinal);
        Assert.Equal("web-01   40e4a748  10.0.0.7   dc1", lines[3]);

        var detailed = await AgentProcess.RunAsync(["catalog", "nodes", "-http-addr", addr, "-detailed", "-service=web"]);
        Assert.Equal(0, detailed.ExitCode);
        Assert.Equal(
            "Node    ID                                    Address   DC   TaggedAddresses  Meta\n" +
            "web-01  40e4a748-2192-161a-0510-9bf59fe950b5  10.0.0.7  dc1  wan=1.2.3.4      env=prod, rack=r2\n",
            detailed.Stdout);

        var meta = await AgentProcess.RunAsync(["catalog", "nodes", "-http-addr", addr, "-node-meta", "env=dev", "-filter", "Address == \"10.0.0.8\""]);
        Assert.Equal("db-01", meta.Stdout.Split('\n')[1].Split(' ')[0]);

        var none = await AgentProcess.RunAsync(["catalog", "nodes", "-http-addr", addr, "-node-meta", "env=none"]);
        Assert.Equal((0, "", "No nodes match the given query - try expanding your search.\n"), (none.ExitCode, none.Stdout, none.Stderr));

        var badMeta = await AgentProcess.RunAsync(["catalog", "nodes", "-http-addr", addr, "-node-meta", "novalue"]);
        Assert.Equal(1, badMeta.ExitCode);
        Assert.Contains("Missing \"=\" value in argument: novalue", badMeta.Stderr, StringComparison.Ordinal);

        var badFilter = await AgentProcess.RunAsync(["catalog", "nodes", "-http-addr", addr, "-filter", "Nope == 1"]);
        Assert.Equal(1, badFilter.ExitCode);
        Assert.StartsWith("Error listing nodes: Unexpected response code: 500 (Failed to create boolean expression evaluator", badFilter.Stderr, StringComparison.Ordinal);

        var services = await AgentProcess.RunAsync(["catalog", "services", "-http-addr", addr]);
        Assert.Equal((0, "consul\ndb\nweb\n"), (services.ExitCode, services.Stdout));

        var tags = await AgentProcess.RunAsync(["catalog", "services", "-http-addr", addr, "-tags"]);
        Assert.Equal("consul      \n" + "db          \n" + "web         primary,v2\n", tags.Stdout);

        var byNode = await AgentProcess.RunAsync(["catalog", "services", "-http-addr", addr, "-node", "db-01"]);
        Assert.Equal("db\n", byNode.Stdout);

        var byMeta = await AgentProcess.RunAsync(["catalog", "services", "-http-addr", addr, "-node-meta", "env=prod", "-tags"]);
        Assert.Equal("web      primary,v2\n", byMeta.Stdout);

        var noServices = await AgentProcess.RunAsync(["catalog", "services", "-http-addr", addr, "-node", "nobody"]);
        Assert.Equal((0, "No services match the given query - try expanding your search.\n"), (noServices.ExitCode, noServices.Stderr));

        var extra = await AgentProcess.RunAsync(["catalog", "services", "-http-addr", addr, "extra"]);
        Assert.Equal((1, "Too many arguments (expected 0, got 1)\n"), (extra.ExitCode, extra.Stderr));
    }
}
