using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Testing.Netns;

/// <summary>
/// A cluster of <c>consul agent -server</c> processes, one per node of a <see cref="NetnsLab"/>, each on the default
/// ports of its own address (<c>-bind</c>/<c>-client</c> = the node's address, gossip 8301/8302, server 8300, HTTP
/// 8500) and joined with <c>-bootstrap-expect N -retry-join</c> to every node. The test process talks to each node's
/// HTTP API over the bridge. Owns the lab: disposing the cluster kills the agents and tears the lab down.
/// </summary>
public sealed class NetnsConsulCluster : IAsyncDisposable
{
    private readonly AgentProcess?[] _agents;
    private readonly ConsulHttpClient[] _clients;
    private readonly string[] _dataDirs;

    private NetnsConsulCluster(NetnsLab lab)
    {
        Lab = lab;
        _agents = new AgentProcess?[lab.Nodes.Count];
        _clients = [.. lab.Nodes.Select(n => new ConsulHttpClient(new ConsulClientConfig { Address = $"http://{n.Address}:8500" }))];
        _dataDirs = [.. lab.Nodes.Select(_ => Directory.CreateTempSubdirectory("consulsharp-netns-").FullName)];
    }

    public NetnsLab Lab { get; }

    public IEnumerable<int> NodeIndexes => Lab.Nodes.Select(n => n.Index);

    /// <summary>The HTTP client of node <paramref name="node"/> (1-based).</summary>
    public ConsulHttpClient Client(int node) => _clients[node - 1];

    public AgentProcess Agent(int node) => _agents[node - 1] ?? throw new InvalidOperationException($"n{node} is not running");

    /// <summary>Builds a lab of <paramref name="servers"/> nodes and starts a server on each; returns when every HTTP API answers.</summary>
    public static async Task<NetnsConsulCluster> StartAsync(int servers, CancellationToken cancellationToken = default)
    {
        var lab = await NetnsLab.CreateAsync(servers, cancellationToken).ConfigureAwait(false);
        var cluster = new NetnsConsulCluster(lab);
        try
        {
            foreach (var n in lab.Nodes)
            {
                cluster.StartAgent(n.Index);
            }

            foreach (var n in lab.Nodes)
            {
                _ = await cluster.Agent(n.Index).WaitForHttpAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            }
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    private void StartAgent(int node)
    {
        var n = Lab[node];
        var args = new List<string>
        {
            "agent", "-server", "-bootstrap-expect", Lab.Nodes.Count.ToString(CultureInfo.InvariantCulture),
            "-data-dir", _dataDirs[node - 1], "-node", n.Name, "-bind", n.Address, "-client", n.Address,
            "-serf-lan-port=8301", "-serf-wan-port=8302", "-dns-port=-1", "-retry-interval", "1s",
        };
        foreach (var other in Lab.Nodes)
        {
            args.Add("-retry-join");
            args.Add(other.Address);
        }

        _agents[node - 1] = AgentProcess.StartUnder(n.Launcher, args, n.Name);
    }

    /// <summary>The node index whose server (RPC) address is <paramref name="raftAddress"/> (<c>ip:8300</c>), or 0.</summary>
    public int NodeOf(string? raftAddress)
    {
        if (string.IsNullOrEmpty(raftAddress))
        {
            return 0;
        }

        var ip = raftAddress.Split(':')[0];
        return Lab.Nodes.FirstOrDefault(n => n.Address == ip)?.Index ?? 0;
    }

    /// <summary>The leader node <paramref name="node"/> believes in (<c>/v1/status/leader?stale</c>), 0 for none or no answer.</summary>
    public async Task<int> LeaderSeenByAsync(int node, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var r = await Client(node).SendRawAsync(HttpMethod.Get, "/v1/status/leader?stale", null, timeout.Token).ConfigureAwait(false);
            return r.StatusCode == 200 ? NodeOf(JsonSerializer.Deserialize<string>(r.Text)) : 0;
        }
        catch (Exception ex) when (ex is ConsulApiException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    /// <summary>Waits until every node of <paramref name="nodes"/> names the same leader, itself one of them; returns it.</summary>
    public async Task<int> WaitForAgreedLeaderAsync(IEnumerable<int> nodes, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var set = nodes.ToList();
        var sw = Stopwatch.StartNew();
        var seen = Array.Empty<int>();
        while (sw.Elapsed < timeout)
        {
            seen = await Task.WhenAll(set.Select(n => LeaderSeenByAsync(n, cancellationToken))).ConfigureAwait(false);
            if (seen[0] != 0 && seen.All(s => s == seen[0]) && set.Contains(seen[0]))
            {
                return seen[0];
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"nodes {string.Join(",", set)} did not agree on a leader within {timeout}: last seen {string.Join(",", seen)} (0 = none)");
    }

    /// <summary>
    /// What each node thinks (Raft stats from <c>/v1/agent/self</c>), its TCP connections on the server port
    /// (<c>ss -tnoi</c> in its namespace) and the last lines of its log: printed by tests when a wait times out.
    /// </summary>
    public async Task<string> DiagnoseAsync(int logLines = 80)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var n in NodeIndexes)
        {
            _ = sb.Append(CultureInfo.InvariantCulture, $"==== n{n} ({Lab[n].Address})\n");
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                var self = await Client(n).SendRawAsync(HttpMethod.Get, "/v1/agent/self", null, timeout.Token).ConfigureAwait(false);
                using var doc = JsonDocument.Parse(self.Text);
                if (doc.RootElement.TryGetProperty("Stats", out var stats) && stats.TryGetProperty("raft", out var raft))
                {
                    foreach (var p in raft.EnumerateObject().Where(p => p.Name is "state" or "term" or "last_log_index" or "last_log_term" or "commit_index" or "applied_index" or "last_contact"))
                    {
                        _ = sb.Append(CultureInfo.InvariantCulture, $"raft.{p.Name}={p.Value}  ");
                    }

                    _ = sb.Append('\n');
                }
            }
            catch (Exception ex) when (ex is ConsulApiException or OperationCanceledException or JsonException or HttpRequestException)
            {
                _ = sb.Append(CultureInfo.InvariantCulture, $"agent/self failed: {ex.Message}\n");
            }

            var ss = await Lab.ExecAsync(n, ["ss", "-tnoi", "( sport = :8300 or dport = :8300 )"]).ConfigureAwait(false);
            _ = sb.Append(ss.Stdout);
            if (_agents[n - 1] is { } a)
            {
                var lines = a.Stdout.Split('\n');
                _ = sb.Append(string.Join('\n', lines.Skip(Math.Max(0, lines.Length - logLines)))).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Waits until <paramref name="leader"/>'s Raft configuration lists every node as a voter (after a long partition
    /// autopilot removes the cut-off server and re-adds it as a non-voter, promoted after the stabilization time).
    /// </summary>
    public async Task WaitForAllVotersAsync(int leader, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        var last = "";
        while (sw.Elapsed < timeout)
        {
            try
            {
                var r = await Client(leader).SendRawAsync(HttpMethod.Get, "/v1/operator/raft/configuration?stale", null, cancellationToken).ConfigureAwait(false);
                last = r.Text;
                if (r.StatusCode == 200)
                {
                    using var doc = JsonDocument.Parse(r.Text);
                    var servers = doc.RootElement.GetProperty("Servers").EnumerateArray().ToList();
                    if (servers.Count == Lab.Nodes.Count && servers.All(v => v.GetProperty("Voter").GetBoolean()))
                    {
                        return;
                    }
                }
            }
            catch (ConsulApiException)
            {
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"n{leader} did not list all {Lab.Nodes.Count} servers as voters within {timeout}: {last}");
    }

    /// <summary>Kills the agent of <paramref name="node"/> with SIGKILL (consul itself: the launcher execs in place).</summary>
    public async Task KillAsync(int node)
    {
        if (_agents[node - 1] is { } a)
        {
            a.KillHard();
            _ = await a.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var a in _agents)
        {
            if (a is not null)
            {
                await a.DisposeAsync().ConfigureAwait(false);
            }
        }

        foreach (var c in _clients)
        {
            c.Dispose();
        }

        await Lab.DisposeAsync().ConfigureAwait(false);
        foreach (var d in _dataDirs)
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
