using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Cluster;

/// <summary>
/// Network coordinates: every agent sends its LAN Vivaldi coordinate to the servers (here every second:
/// <c>sync_coordinate_interval_min = "1s"</c>), <c>/v1/agent/self</c> shows it, and <c>consul rtt</c> estimates the round
/// trip between two nodes from them, with Consul's output and errors.
/// </summary>
public sealed partial class CoordinateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Agents_send_coordinates_and_consul_rtt_estimates_from_them()
    {
        await using var cluster = await ProcessCluster.StartAsync(new ProcessClusterOptions
        {
            Servers = 1,
            Clients = 1,
            NamePrefix = "co-",
            Prepare = n => File.WriteAllText(Path.Combine(n.ConfigDir, "coord.hcl"), "sync_coordinate_interval_min = \"1s\"\n"),
        }, Ct);
        var server = cluster.Servers[0];
        var client = cluster.Clients[0];

        var sw = Stopwatch.StartNew();
        while (true)
        {
            using var doc = JsonDocument.Parse((await server.Client.GetAsync("/v1/coordinate/nodes", Ct)).Body);
            var nodes = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("Node").GetString()).ToHashSet();
            if (nodes.Contains(server.Name) && nodes.Contains(client.Name))
            {
                Assert.Equal(8, doc.RootElement[0].GetProperty("Coord").GetProperty("Vec").GetArrayLength());
                break;
            }

            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"coordinates of both agents not stored within 30 s: {string.Join(",", nodes)}");
            await Task.Delay(200, Ct);
        }

        using (var self = JsonDocument.Parse((await client.Client.GetAsync("/v1/agent/self", Ct)).Body))
        {
            Assert.Equal(8, self.RootElement.GetProperty("Coord").GetProperty("Vec").GetArrayLength());
        }

        var env = new Dictionary<string, string> { ["CONSUL_HTTP_ADDR"] = server.HttpAddress };
        var rtt = await AgentProcess.RunAsync(["rtt", server.Name, client.Name], env);
        Assert.True(rtt.ExitCode == 0, rtt.Stderr);
        var m = RttLine().Match(rtt.Stdout.Trim());
        Assert.True(m.Success, rtt.Stdout);
        Assert.Equal(server.Name, m.Groups[1].Value);
        Assert.Equal(client.Name, m.Groups[2].Value);
        Assert.InRange(double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), 0.0, 1000.0);

        // One name: the other end is the agent asked.
        var one = await AgentProcess.RunAsync(["rtt", client.Name], env);
        Assert.StartsWith($"Estimated {client.Name} <-> {server.Name} rtt: ", one.Stdout, StringComparison.Ordinal);

        var missing = await AgentProcess.RunAsync(["rtt", "nope"], env);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Could not find a coordinate for node \"nope\"", missing.Stderr.Trim());
        var none = await AgentProcess.RunAsync(["rtt"], env);
        Assert.Equal(1, none.ExitCode);
        Assert.StartsWith("One or two node names must be specified", none.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Estimated (\S+) <-> (\S+) rtt: (\d+\.\d{3}) ms \(using LAN coordinates\)$")]
    private static partial Regex RttLine();
}
