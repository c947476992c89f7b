using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ConsulSharp.Testing.Netns;

/// <summary>
/// A small network of Linux network namespaces for fault tests of real processes: a bridge in the root namespace with
/// the address <c>10.77.&lt;subnet&gt;.254/24</c> (so the test process reaches every node directly), and one namespace
/// per node with a veth pair onto the bridge and the address <c>10.77.&lt;subnet&gt;.&lt;n&gt;</c>.
/// Faults are nftables rules inside the node namespaces (table <c>inet consulsharp</c>): partitions drop packets by
/// peer address, loss drops a random share (<c>numgen random mod 100 &lt; N</c>). The kernel here has no netem, so
/// delay, reordering and duplication are not simulated. Traffic between a node and the test process is never
/// dropped by a partition (the test observes both sides), and by <see cref="LossAsync"/> only when asked.
/// Names carry the creating process id (<c>csl-&lt;pid&gt;&lt;letter&gt;-n1</c>, bridge <c>csb&lt;pid&gt;&lt;letter&gt;</c>),
/// so parallel runs do not collide and leftovers of crashed runs (process gone) are removed by the next lab.
/// Needs root, <c>ip</c> (iproute2) and <c>nft</c>; <see cref="UnavailableReason"/> says why a test should skip.
/// </summary>
public sealed partial class NetnsLab : IAsyncDisposable
{
    private const string Table = "consulsharp";
    private static int _sequence;
    private static readonly SemaphoreSlim SetupGate = new(1, 1);

    private readonly string _bridge;
    private readonly List<string> _hostVeths = [];
    private readonly Dictionary<int, NodeRules> _rules = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    private NetnsLab(string tag, int subnet, IReadOnlyList<NetnsNode> nodes)
    {
        Tag = tag;
        Subnet = subnet;
        Nodes = nodes;
        _bridge = "csb" + tag;
        HostAddress = $"10.77.{subnet.ToString(CultureInfo.InvariantCulture)}.254";
        foreach (var n in nodes)
        {
            _rules[n.Index] = new NodeRules();
        }
    }

    /// <summary>The unique part of every name of this lab (<c>&lt;pid&gt;&lt;letter&gt;</c>).</summary>
    public string Tag { get; }

    /// <summary>The third octet of the lab's 10.77.x.0/24 network.</summary>
    public int Subnet { get; }

    /// <summary>The test process's address on the bridge (root namespace).</summary>
    public string HostAddress { get; }

    public IReadOnlyList<NetnsNode> Nodes { get; }

    public NetnsNode this[int index] => Nodes[index - 1];

    /// <summary>Null when labs can be built here; otherwise why not (for <c>Assert.Skip</c>).</summary>
    public static string? UnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespace tests need Linux";
        }

        if (GetEuid() != 0)
        {
            return "network namespace tests need root (ip netns, nft)";
        }

        foreach (var (file, args) in new[] { ("ip", new[] { "netns", "list" }), ("nft", new[] { "--version" }) })
        {
            try
            {
                var r = Run(file, args, null, CancellationToken.None).GetAwaiter().GetResult();
                if (r.ExitCode != 0)
                {
                    return $"`{file} {string.Join(' ', args)}` failed: {r.Stderr.Trim()}";
                }
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return $"`{file}` is not available: {ex.Message}";
            }
        }

        return null;
    }

    /// <summary>Creates a lab of <paramref name="nodeCount"/> nodes (at most 9), first removing leftovers of dead runs.</summary>
    public static async Task<NetnsLab> CreateAsync(int nodeCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeCount, 9);
        await SetupGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CleanStaleAsync(cancellationToken).ConfigureAwait(false);
            var seq = Interlocked.Increment(ref _sequence) - 1;
            var tag = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + (char)('a' + (seq % 26));
            var subnet = await FreeSubnetAsync(cancellationToken).ConfigureAwait(false);
            var nodes = Enumerable.Range(1, nodeCount)
                .Select(k => new NetnsNode(k, $"csl-{tag}-n{k.ToString(CultureInfo.InvariantCulture)}", $"10.77.{subnet.ToString(CultureInfo.InvariantCulture)}.{k.ToString(CultureInfo.InvariantCulture)}"))
                .ToList();
            var lab = new NetnsLab(tag, subnet, nodes);
            try
            {
                await lab.SetUpAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await lab.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return lab;
        }
        finally
        {
            SetupGate.Release();
        }
    }

    private async Task SetUpAsync(CancellationToken ct)
    {
        await IpAsync(ct, "link", "add", _bridge, "type", "bridge").ConfigureAwait(false);
        await IpAsync(ct, "addr", "add", HostAddress + "/24", "dev", _bridge).ConfigureAwait(false);
        await IpAsync(ct, "link", "set", _bridge, "up").ConfigureAwait(false);
        foreach (var n in Nodes)
        {
            var k = n.Index.ToString(CultureInfo.InvariantCulture);
            var host = "csv" + Tag + k;
            var peer = "csp" + Tag + k;
            await IpAsync(ct, "netns", "add", n.Namespace).ConfigureAwait(false);
            await IpAsync(ct, "link", "add", host, "type", "veth", "peer", "name", peer).ConfigureAwait(false);
            lock (_gate)
            {
                _hostVeths.Add(host);
            }

            await IpAsync(ct, "link", "set", host, "master", _bridge, "up").ConfigureAwait(false);
            await IpAsync(ct, "link", "set", peer, "netns", n.Namespace).ConfigureAwait(false);
            await IpAsync(ct, "-n", n.Namespace, "link", "set", peer, "name", "eth0").ConfigureAwait(false);
            await IpAsync(ct, "-n", n.Namespace, "addr", "add", n.Address + "/24", "dev", "eth0").ConfigureAwait(false);
            await IpAsync(ct, "-n", n.Namespace, "link", "set", "eth0", "up").ConfigureAwait(false);
            await IpAsync(ct, "-n", n.Namespace, "link", "set", "lo", "up").ConfigureAwait(false);
            await ApplyAsync(n, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Cuts every path between the two sides, both directions; earlier faults stay.</summary>
    public Task PartitionAsync(IEnumerable<int> sideA, IEnumerable<int> sideB, CancellationToken cancellationToken = default)
    {
        var a = sideA.ToList();
        var b = sideB.ToList();
        lock (_gate)
        {
            foreach (var x in a)
            {
                foreach (var y in b)
                {
                    Block(x, y);
                    Block(y, x);
                }
            }
        }

        return ApplyAllAsync(cancellationToken);
    }

    /// <summary>
    /// One-way partition: packets sent by <paramref name="from"/> nodes never reach <paramref name="to"/> nodes, while
    /// the other direction still works (dropped on the receiving side, so a TCP handshake in either direction fails, but
    /// UDP from <paramref name="to"/> to <paramref name="from"/> arrives).
    /// </summary>
    public Task PartitionOneWayAsync(IEnumerable<int> from, IEnumerable<int> to, CancellationToken cancellationToken = default)
    {
        var src = from.ToList();
        lock (_gate)
        {
            foreach (var y in to)
            {
                foreach (var x in src)
                {
                    _rules[y].DropFrom.Add(this[x].Address);
                }
            }
        }

        return ApplyAllAsync(cancellationToken);
    }

    /// <summary>Cuts <paramref name="node"/> off from every other node (the test process still reaches it).</summary>
    public Task IsolateAsync(int node, CancellationToken cancellationToken = default) =>
        PartitionAsync([node], Nodes.Select(n => n.Index).Where(i => i != node), cancellationToken);

    /// <summary>
    /// Drops <paramref name="percent"/>% of the packets <paramref name="node"/> sends and, independently, of those it
    /// receives. Traffic with the test process is spared unless <paramref name="includeHost"/>.
    /// </summary>
    public Task LossAsync(int node, int percent, bool includeHost = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        lock (_gate)
        {
            _rules[node].LossPercent = percent;
            _rules[node].LossIncludesHost = includeHost;
        }

        return ApplyAsync(this[node], cancellationToken);
    }

    /// <summary>Removes every fault.</summary>
    public Task HealAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var r in _rules.Values)
            {
                r.DropFrom.Clear();
                r.DropTo.Clear();
                r.LossPercent = 0;
            }
        }

        return ApplyAllAsync(cancellationToken);
    }

    /// <summary>The nft ruleset currently loaded in a node's namespace (for diagnostics).</summary>
    public async Task<string> RulesetAsync(int node, CancellationToken cancellationToken = default)
    {
        var r = await Run("ip", ["netns", "exec", this[node].Namespace, "nft", "list", "ruleset"], null, cancellationToken).ConfigureAwait(false);
        return r.Stdout;
    }

    /// <summary>Runs a command inside a node's namespace.</summary>
    public Task<CliResult> ExecAsync(int node, IEnumerable<string> command, CancellationToken cancellationToken = default) =>
        Run("ip", ["netns", "exec", this[node].Namespace, .. command], null, cancellationToken);

    private void Block(int x, int y)
    {
        _rules[x].DropTo.Add(this[y].Address);
        _rules[x].DropFrom.Add(this[y].Address);
    }

    private async Task ApplyAllAsync(CancellationToken ct)
    {
        foreach (var n in Nodes)
        {
            await ApplyAsync(n, ct).ConfigureAwait(false);
        }
    }

    private Task ApplyAsync(NetnsNode n, CancellationToken ct)
    {
        string script;
        lock (_gate)
        {
            script = Render(_rules[n.Index]);
        }

        return NftAsync(n, script, ct);
    }

    private async Task NftAsync(NetnsNode n, string script, CancellationToken ct)
    {
        var r = await Run("ip", ["netns", "exec", n.Namespace, "nft", "-f", "-"], script, ct).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"nft in {n.Namespace} failed ({r.ExitCode}): {r.Stderr}\n{script}");
        }
    }

    /// <summary>The whole table for one node, replaced atomically (one nft transaction).</summary>
    private string Render(NodeRules r)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"table inet {Table} {{}}\ndelete table inet {Table}\ntable inet {Table} {{\n");
        sb.Append("  chain input {\n    type filter hook input priority 0; policy accept;\n");
        if (r.DropFrom.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    ip saddr {{ {string.Join(", ", r.DropFrom.Order(StringComparer.Ordinal))} }} drop\n");
        }

        AppendLoss(sb, r, "saddr");
        sb.Append("  }\n  chain output {\n    type filter hook output priority 0; policy accept;\n");
        if (r.DropTo.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    ip daddr {{ {string.Join(", ", r.DropTo.Order(StringComparer.Ordinal))} }} drop\n");
        }

        AppendLoss(sb, r, "daddr");
        sb.Append("  }\n}\n");
        return sb.ToString();
    }

    private void AppendLoss(StringBuilder sb, NodeRules r, string peerField)
    {
        if (r.LossPercent <= 0)
        {
            return;
        }

        var spare = r.LossIncludesHost ? "" : $"ip {peerField} != {HostAddress} ";
        var random = r.LossPercent >= 100 ? "" : $"numgen random mod 100 < {r.LossPercent.ToString(CultureInfo.InvariantCulture)} ";
        sb.Append(CultureInfo.InvariantCulture, $"    {spare}{random}drop\n");
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (var n in Nodes)
        {
            await DeleteNamespaceAsync(n.Namespace).ConfigureAwait(false);
        }

        foreach (var v in _hostVeths)
        {
            await Run("ip", ["link", "delete", v], null, CancellationToken.None).ConfigureAwait(false);
        }

        await Run("ip", ["link", "delete", _bridge], null, CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task DeleteNamespaceAsync(string ns)
    {
        // Processes keep a namespace alive after `ip netns delete`; kill whatever still runs in it first.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var pids = await Run("ip", ["netns", "pids", ns], null, CancellationToken.None).ConfigureAwait(false);
            var list = pids.ExitCode == 0 ? pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            if (list.Length == 0)
            {
                break;
            }

            foreach (var p in list)
            {
                if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    _ = Kill(pid, 9);
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        await Run("ip", ["netns", "delete", ns], null, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Removes namespaces and links of labs whose creating process is gone (crashed or killed test runs).</summary>
    private static async Task CleanStaleAsync(CancellationToken ct)
    {
        var netns = await Run("ip", ["netns", "list"], null, ct).ConfigureAwait(false);
        foreach (var line in netns.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (StaleNamespaceRegex().Match(name) is { Success: true } m && !ProcessAlive(m.Groups[1].Value))
            {
                await DeleteNamespaceAsync(name).ConfigureAwait(false);
            }
        }

        var links = await Run("ip", ["-o", "link", "show"], null, ct).ConfigureAwait(false);
        foreach (Match m in StaleLinkRegex().Matches(links.Stdout))
        {
            if (!ProcessAlive(m.Groups[2].Value))
            {
                await Run("ip", ["link", "delete", m.Groups[1].Value], null, ct).ConfigureAwait(false);
            }
        }
    }

    private static bool ProcessAlive(string pid) => Directory.Exists("/proc/" + pid);

    private static async Task<int> FreeSubnetAsync(CancellationToken ct)
    {
        var addrs = await Run("ip", ["-o", "-4", "addr", "show"], null, ct).ConfigureAwait(false);
        var used = SubnetRegex().Matches(addrs.Stdout).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
        var start = Random.Shared.Next(1, 251);
        for (var i = 0; i < 250; i++)
        {
            var candidate = ((start + i - 1) % 250) + 1;
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no free 10.77.x.0/24 subnet");
    }

    private static async Task IpAsync(CancellationToken ct, params string[] args)
    {
        var r = await Run("ip", args, null, ct).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"`ip {string.Join(' ', args)}` failed ({r.ExitCode}): {r.Stderr}");
        }
    }

    private static async Task<CliResult> Run(string file, IEnumerable<string> args, string? stdin, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            p.StandardInput.Close();
        }

        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        return new CliResult(p.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private sealed class NodeRules
    {
        public HashSet<string> DropFrom { get; } = new(StringComparer.Ordinal);

        public HashSet<string> DropTo { get; } = new(StringComparer.Ordinal);

        public int LossPercent { get; set; }

        public bool LossIncludesHost { get; set; }
    }

    [GeneratedRegex(@"^csl-(\d+)[a-z]-n\d+$")]
    private static partial Regex StaleNamespaceRegex();

    [GeneratedRegex(@"^\d+: (cs[bv](\d+)[a-z]\d?)[@:]", RegexOptions.Multiline)]
    private static partial Regex StaleLinkRegex();

    [GeneratedRegex(@"inet 10\.77\.(\d+)\.\d+/")]
    private static partial Regex SubnetRegex();

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
