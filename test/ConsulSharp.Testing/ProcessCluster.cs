using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Testing;

/// <summary>
/// A cluster of real <c>consul</c> processes on loopback: N servers (<c>agent -server -bootstrap-expect N</c>, each
/// with <c>-retry-join</c> to the other servers) and M client agents (<c>-retry-join</c> to the servers unless
/// <see cref="ProcessClusterOptions.JoinClients"/> is off). Every node has fixed server/serf/DNS ports and its own
/// data and config dirs, chosen once, so a node killed with SIGKILL (<see cref="KillAsync"/>) or stopped by
/// <c>consul leave</c> restarts (<see cref="RestartAsync"/>) as the same member on the same data. The HTTP port is
/// OS-assigned on every start (<see cref="ProcessNode.Client"/> follows it). Disposing kills every process and deletes
/// the directories.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);
    private readonly string _root;
    private readonly List<ProcessNode> _servers = [];
    private readonly List<ProcessNode> _clients = [];

    private ProcessCluster(ProcessClusterOptions options)
    {
        Options = options;
        _root = Directory.CreateTempSubdirectory("consulsharp-cluster-").FullName;
        var perNode = options.Dns ? 4 : 3;
        var ports = FreePorts.Take((options.Servers + options.Clients) * perNode);
        var next = 0;
        for (var i = 0; i < options.Servers + options.Clients; i++)
        {
            var server = i < options.Servers;
            var name = options.NamePrefix + (server ? "s" + (i + 1).ToString(CultureInfo.InvariantCulture) : "c" + (i - options.Servers + 1).ToString(CultureInfo.InvariantCulture));
            var dir = Path.Combine(_root, name);
            var node = new ProcessNode(
                name,
                server,
                Directory.CreateDirectory(Path.Combine(dir, "data")).FullName,
                Directory.CreateDirectory(Path.Combine(dir, "config")).FullName,
                serverPort: ports[next++],
                serfLanPort: ports[next++],
                serfWanPort: ports[next++],
                dnsPort: options.Dns ? ports[next++] : -1);
            (server ? _servers : _clients).Add(node);
        }
    }

    public ProcessClusterOptions Options { get; }

    public IReadOnlyList<ProcessNode> Servers => _servers;

    public IReadOnlyList<ProcessNode> Clients => _clients;

    /// <summary>Servers, then clients.</summary>
    public IEnumerable<ProcessNode> Nodes => _servers.Concat(_clients);

    public IEnumerable<ProcessNode> RunningServers => _servers.Where(s => s.IsRunning);

    public IEnumerable<ProcessNode> RunningNodes => Nodes.Where(n => n.IsRunning);

    /// <summary>Starts every node in <see cref="ProcessClusterOptions.StartOrder"/>, then (by default) waits for the cluster.</summary>
    public static async Task<ProcessCluster> StartAsync(ProcessClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProcessClusterOptions();
        var cluster = new ProcessCluster(options);
        try
        {
            foreach (var node in cluster.Nodes)
            {
                options.Prepare?.Invoke(node);
            }

            switch (options.StartOrder)
            {
                case ProcessStartOrder.ServersFirst:
                    await cluster.StartNodesAsync(cluster._servers, cancellationToken).ConfigureAwait(false);
                    await cluster.StartNodesAsync(cluster._clients, cancellationToken).ConfigureAwait(false);
                    break;
                case ProcessStartOrder.ClientsFirst:
                    await cluster.StartNodesAsync(cluster._clients, cancellationToken).ConfigureAwait(false);
                    await cluster.StartNodesAsync(cluster._servers, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await cluster.StartNodesAsync([.. cluster.Nodes], cancellationToken).ConfigureAwait(false);
                    break;
            }

            if (options.WaitForCluster)
            {
                if (options.Servers > 0)
                {
                    await cluster.WaitForLeaderAsync(cancellationToken).ConfigureAwait(false);
                }

                if (options.JoinClients || options.Clients == 0)
                {
                    await cluster.WaitForMembersAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    /// <summary>The command line a node is (re)started with.</summary>
    public IReadOnlyList<string> ArgsOf(ProcessNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var args = new List<string>
        {
            "agent", "-data-dir", node.DataDir, "-config-dir", node.ConfigDir, "-node", node.Name, "-bind", "127.0.0.1",
            "-http-port=0", "-dns-port=" + node.DnsPort.ToString(CultureInfo.InvariantCulture),
            "-serf-lan-port", node.SerfLanPort.ToString(CultureInfo.InvariantCulture),
            "-serf-wan-port", node.SerfWanPort.ToString(CultureInfo.InvariantCulture),
        };
        IEnumerable<ProcessNode> joins = [];
        if (node.IsServer)
        {
            args.AddRange(["-server", "-bootstrap-expect", _servers.Count.ToString(CultureInfo.InvariantCulture), "-server-port", node.ServerPort.ToString(CultureInfo.InvariantCulture)]);
            joins = _servers.Where(s => s != node);
        }
        else if (Options.JoinClients)
        {
            joins = _servers;
        }

        foreach (var j in joins)
        {
            args.AddRange(["-retry-join", j.LanAddress]);
        }

        if (joins.Any())
        {
            args.Add("-retry-interval=1s");
        }

        if (Options.ExtraArgs is { } extra)
        {
            args.AddRange(extra(this, node));
        }

        return args;
    }

    /// <summary>Starts a stopped node again with its ports, data dir and arguments; waits until its HTTP API is up.</summary>
    public Task RestartAsync(ProcessNode node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.IsRunning)
        {
            throw new InvalidOperationException($"node {node.Name} is still running");
        }

        return StartNodesAsync([node], cancellationToken);
    }

    /// <summary>SIGKILL: no leave, no flush; waits until the process is gone.</summary>
    public Task KillAsync(ProcessNode node) => KillAllAsync([node]);

    /// <summary>SIGKILLs every given node at once (all signals sent before waiting for any), then waits for them.</summary>
    public async Task KillAllAsync(IEnumerable<ProcessNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var list = nodes.ToList();
        foreach (var n in list)
        {
            if (n.IsRunning)
            {
                n.Process.KillHard();
            }
        }

        foreach (var n in list)
        {
            if (n.Detach() is { } p)
            {
                await p.WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                await p.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>consul leave</c> against the node; waits for its process to exit and returns the command's result.</summary>
    public async Task<CliResult> LeaveAsync(ProcessNode node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var result = await AgentProcess.RunAsync(["leave", "-http-addr", node.HttpAddress]).ConfigureAwait(false);
        await WaitForExitAsync(node, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Waits for a node's process to exit by itself (after a leave or a signal) and marks the node stopped.</summary>
    public async Task<int> WaitForExitAsync(ProcessNode node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        cancellationToken.ThrowIfCancellationRequested();
        var p = node.Process;
        var code = await p.WaitForExitAsync(Options.ClusterTimeout).ConfigureAwait(false);
        node.Detach();
        await p.DisposeAsync().ConfigureAwait(false);
        return code;
    }

    /// <summary>The node whose server address a leader answer names, or null.</summary>
    public ProcessNode? ServerAt(string address) => _servers.FirstOrDefault(s => s.ServerAddress == address);

    /// <summary>
    /// The leader every running server agrees on (<c>/v1/status/leader</c> on each, mapped to a server by its server
    /// port), once that server is itself running.
    /// </summary>
    public async Task<ProcessNode> WaitForLeaderAsync(CancellationToken cancellationToken = default)
    {
        string last = "";
        var leader = await UntilAsync("one leader all running servers agree on", async ct =>
        {
            var answers = new List<string>();
            foreach (var s in RunningServers.ToList())
            {
                answers.Add(await LeaderOfAsync(s, ct).ConfigureAwait(false) ?? "");
            }

            last = string.Join(", ", RunningServers.Zip(answers, (s, a) => $"{s.Name}→{(a.Length == 0 ? "none" : a)}"));
            return answers.Count > 0 && answers.All(a => a.Length > 0 && a == answers[0]) && ServerAt(answers[0]) is { IsRunning: true } l ? l : null;
        }, () => last, cancellationToken).ConfigureAwait(false);
        return leader;
    }

    /// <summary>A running server's answer to <c>/v1/status/leader</c> (<c>ip:port</c>), or null when it has none or does not answer.</summary>
    public static async Task<string?> LeaderOfAsync(ProcessNode server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        try
        {
            using var t = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            t.CancelAfter(RequestTimeout);
            var r = await server.Client.SendRawAsync(HttpMethod.Get, "/v1/status/leader", null, t.Token).ConfigureAwait(false);
            var text = r.StatusCode == 200 ? JsonSerializer.Deserialize<string>(r.Body) : null;
            return text is { Length: > 0 } ? text : null;
        }
        catch (Exception ex) when (ex is ConsulApiException or OperationCanceledException or InvalidOperationException or JsonException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    /// <summary>Every running agent lists every running agent as alive in <c>/v1/agent/members</c>.</summary>
    public Task WaitForMembersAsync(CancellationToken cancellationToken = default)
    {
        var last = "";
        return UntilTrueAsync("every running agent sees every other alive", async ct =>
        {
            var running = RunningNodes.ToList();
            foreach (var n in running)
            {
                var alive = await AliveMembersAsync(n, ct).ConfigureAwait(false);
                var missing = running.Where(r => !alive.Contains(r.Name)).Select(r => r.Name).ToList();
                if (missing.Count > 0)
                {
                    last = $"{n.Name} does not see {string.Join(",", missing)} alive";
                    return false;
                }
            }

            return true;
        }, () => last, cancellationToken);
    }

    /// <summary>The names of the members the node's agent lists as alive (empty if it does not answer).</summary>
    public static async Task<HashSet<string>> AliveMembersAsync(ProcessNode node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            using var t = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            t.CancelAfter(RequestTimeout);
            var r = await node.Client.SendRawAsync(HttpMethod.Get, "/v1/agent/members", null, t.Token).ConfigureAwait(false);
            if (r.StatusCode != 200)
            {
                return [];
            }

            using var doc = JsonDocument.Parse(r.Body);
            return doc.RootElement.EnumerateArray().Where(m => m.GetProperty("Status").GetInt32() == 1).Select(m => m.GetProperty("Name").GetString()!).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is ConsulApiException or OperationCanceledException or InvalidOperationException or JsonException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return [];
        }
    }

    /// <summary>
    /// The Raft configuration, as the leader reports it, has exactly <paramref name="voters"/> as voters (by server
    /// address) and no other server; returns the leader.
    /// </summary>
    public async Task<ProcessNode> WaitForVotersAsync(IEnumerable<ProcessNode> voters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voters);
        var want = voters.Select(v => v.ServerAddress).Order(StringComparer.Ordinal).ToList();
        var last = "";
        return await UntilAsync($"voters {string.Join(",", want)}", async ct =>
        {
            var leader = await WaitForLeaderAsync(ct).ConfigureAwait(false);
            try
            {
                using var t = CancellationTokenSource.CreateLinkedTokenSource(ct);
                t.CancelAfter(RequestTimeout);
                var r = await leader.Client.SendRawAsync(HttpMethod.Get, "/v1/operator/raft/configuration", null, t.Token).ConfigureAwait(false);
                if (r.StatusCode != 200)
                {
                    last = r.Text;
                    return null;
                }

                using var doc = JsonDocument.Parse(r.Body);
                var servers = doc.RootElement.GetProperty("Servers").EnumerateArray().ToList();
                var have = servers.Where(s => s.GetProperty("Voter").GetBoolean()).Select(s => s.GetProperty("Address").GetString()!).Order(StringComparer.Ordinal).ToList();
                last = string.Join(",", servers.Select(s => s.GetProperty("Address").GetString() + (s.GetProperty("Voter").GetBoolean() ? "(voter)" : "(non-voter)")));
                return have.SequenceEqual(want) && servers.Count == want.Count ? leader : null;
            }
            catch (Exception ex) when (ex is ConsulApiException or OperationCanceledException or InvalidOperationException)
            {
                ct.ThrowIfCancellationRequested();
                return null;
            }
        }, () => last, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAllAsync(Nodes).ConfigureAwait(false);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
                return;
            }
            catch (IOException)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private async Task StartNodesAsync(IReadOnlyList<ProcessNode> nodes, CancellationToken cancellationToken)
    {
        var started = new List<(ProcessNode Node, AgentProcess Process)>();
        foreach (var node in nodes)
        {
            started.Add((node, AgentProcess.Start(ArgsOf(node), node.Name)));
        }

        foreach (var (node, process) in started)
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                var uri = await process.WaitForHttpAsync(Options.StartTimeout).ConfigureAwait(false);
                node.Attach(process, new ConsulHttpClient(new ConsulClientConfig { Address = uri.ToString() }));
            }
            catch
            {
                foreach (var (n, p) in started)
                {
                    if (!n.IsRunning || n.Process != p)
                    {
                        await p.DisposeAsync().ConfigureAwait(false);
                    }
                }

                throw;
            }
        }
    }

    private async Task<T> UntilAsync<T>(string what, Func<CancellationToken, Task<T?>> attempt, Func<string> state, CancellationToken cancellationToken)
        where T : class
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await attempt(cancellationToken).ConfigureAwait(false) is { } result)
            {
                return result;
            }

            if (sw.Elapsed > Options.ClusterTimeout)
            {
                throw new TimeoutException($"timed out after {sw.Elapsed.TotalSeconds:F0}s waiting for {what}; last: {state()}");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UntilTrueAsync(string what, Func<CancellationToken, Task<bool>> attempt, Func<string> state, CancellationToken cancellationToken) =>
        _ = await UntilAsync<object>(what, async ct => await attempt(ct).ConfigureAwait(false) ? new object() : null, state, cancellationToken).ConfigureAwait(false);
}
