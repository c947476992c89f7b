using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsulSharp.Client;
using ConsulSharp.Testing;
using DnsClient;

namespace ConsulSharp.EndToEnd.Tests.Cluster;

/// <summary>Shared steps of the process-cluster tests: the CLI's views of a cluster, polling, DNS on a server.</summary>
internal static partial class ClusterChecks
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task EventuallyAsync(string what, Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is ConsulApiException or HttpRequestException or InvalidOperationException or ObjectDisposedException or DnsResponseException)
            {
            }

            Assert.True(sw.Elapsed < (timeout ?? Patience), $"timed out after {sw.Elapsed.TotalSeconds:F0}s waiting for: {what}");
            await Task.Delay(200, Ct);
        }
    }

    /// <summary>Runs a CLI command and asserts it succeeded.</summary>
    public static async Task<string> CliAsync(params string[] args)
    {
        var r = await AgentProcess.RunAsync(args);
        Assert.True(r.ExitCode == 0, $"consul {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}{r.Stdout}");
        return r.Stdout;
    }

    /// <summary><c>consul members</c> against an agent: node name → (status, type).</summary>
    public static async Task<Dictionary<string, (string Status, string Type)>> MembersAsync(ProcessNode via)
    {
        var text = await CliAsync("members", "-http-addr", via.HttpAddress);
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var f = Whitespace().Split(line.Trim());
            rows[f[0]] = (f[2], f[3]);
        }

        return rows;
    }

    /// <summary>
    /// A member's status as an agent's <c>/v1/agent/members</c> reports it (<c>alive</c>, <c>leaving</c>, <c>left</c>,
    /// <c>failed</c>; null when absent): the cheap way to poll, the CLI's view is asserted once the state is reached.
    /// </summary>
    public static async Task<string?> MemberStatusAsync(ProcessNode via, string name)
    {
        using var doc = JsonDocument.Parse((await via.Client.GetAsync("/v1/agent/members", Ct)).Body);
        var member = doc.RootElement.EnumerateArray().FirstOrDefault(m => m.GetProperty("Name").GetString() == name);
        return member.ValueKind != JsonValueKind.Object ? null : member.GetProperty("Status").GetInt32() switch
        {
            1 => "alive",
            2 => "leaving",
            3 => "left",
            4 => "failed",
            _ => "none",
        };
    }

    /// <summary>
    /// Waits until every running agent lists <paramref name="returning"/> (a member that left or was force-left and
    /// restarted) alive; fails after <see cref="Patience"/> with each agent's view of it.
    /// </summary>
    public static async Task EveryAgentSeesAliveAsync(ProcessCluster cluster, ProcessNode returning)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var stale = new List<string>();
            foreach (var n in cluster.RunningNodes.ToList())
            {
                string? status;
                try
                {
                    status = await MemberStatusAsync(n, returning.Name);
                }
                catch (Exception ex) when (ex is ConsulApiException or HttpRequestException or InvalidOperationException or ObjectDisposedException)
                {
                    status = "unreachable";
                }

                if (status != "alive")
                {
                    stale.Add($"{n.Name} lists it {status ?? "absent"}");
                }
            }

            if (stale.Count == 0)
            {
                return;
            }

            Assert.True(sw.Elapsed < Patience, $"{returning.Name} rejoined but after {sw.Elapsed.TotalSeconds:F0}s {string.Join("; ", stale)}");
            await Task.Delay(200, Ct);
        }
    }

    /// <summary>
    /// <c>consul operator raft list-peers</c>: one row per server (Node, ID, Address, State, Voter), read through
    /// <paramref name="via"/>.
    /// </summary>
    public static async Task<List<(string Node, string Address, string State, bool Voter)>> RaftPeersAsync(ProcessNode via)
    {
        var text = await CliAsync("operator", "raft", "list-peers", "-http-addr", via.HttpAddress);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => Whitespace().Split(l.Trim()))
            .Select(f => (f[0], f[2], f[3], f[4] == "true"))
            .ToList();
    }

    /// <summary>Asserts the cluster is one cluster: every server names the same leader and lists the same three voters.</summary>
    public static async Task AssertOneClusterAsync(ProcessCluster cluster)
    {
        var leader = await cluster.WaitForVotersAsync(cluster.Servers);
        foreach (var s in cluster.Servers)
        {
            Assert.Equal(leader.ServerAddress, await ProcessCluster.LeaderOfAsync(s, Ct));
            using var peers = JsonDocument.Parse((await s.Client.GetAsync("/v1/status/peers", Ct)).Body);
            Assert.Equal(cluster.Servers.Select(x => x.ServerAddress).Order(StringComparer.Ordinal), peers.RootElement.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
        }

        var rows = await RaftPeersAsync(cluster.Servers[^1]);
        Assert.Equal(cluster.Servers.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.Voter, $"{r.Node} is not a voter"));
        Assert.Equal(cluster.Servers.Select(s => s.Name).Order(StringComparer.Ordinal), rows.Select(r => r.Node).Order(StringComparer.Ordinal));
        Assert.Equal(cluster.Servers.Select(s => s.ServerAddress).Order(StringComparer.Ordinal), rows.Select(r => r.Address).Order(StringComparer.Ordinal));
        Assert.Equal(leader.Name, Assert.Single(rows, r => r.State == "leader").Node);
    }

    /// <summary>Asserts <c>consul members</c> through <paramref name="via"/> shows every node alive with its type.</summary>
    public static async Task AssertMembersAsync(ProcessNode via, IEnumerable<ProcessNode> nodes)
    {
        var rows = await MembersAsync(via);
        foreach (var n in nodes)
        {
            Assert.True(rows.TryGetValue(n.Name, out var row), $"{n.Name} missing from `consul members` on {via.Name}");
            Assert.Equal(("alive", n.IsServer ? "server" : "client"), row);
        }
    }

    /// <summary>The A records a server's DNS interface answers for <paramref name="name"/>.</summary>
    public static async Task<List<string>> DnsAsync(ProcessNode agent, string name)
    {
        var client = new LookupClient(new LookupClientOptions(agent.DnsEndPoint) { UseCache = false, Retries = 1, Timeout = TimeSpan.FromSeconds(2), ThrowDnsErrors = false });
        var r = await client.QueryAsync(name, QueryType.A, cancellationToken: Ct);
        return r.Answers.ARecords().Select(a => a.Address.ToString()).ToList();
    }

    /// <summary>The node names in a health or catalog service answer.</summary>
    public static async Task<List<string>> ServiceNodesAsync(ProcessNode via, string path)
    {
        var r = await via.Client.GetAsync(path, Ct);
        using var doc = JsonDocument.Parse(r.Body);
        return doc.RootElement.EnumerateArray()
            .Select(e => e.TryGetProperty("Node", out var n) && n.ValueKind == JsonValueKind.Object ? n.GetProperty("Node").GetString()! : e.GetProperty("Node").GetString()!)
            .ToList();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
