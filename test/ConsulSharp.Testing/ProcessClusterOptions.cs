namespace ConsulSharp.Testing;

/// <summary>How a <see cref="ProcessCluster"/> is started.</summary>
public sealed record ProcessClusterOptions
{
    /// <summary>Server agents (<c>-server -bootstrap-expect N</c>), named <c>s1</c>..<c>sN</c>.</summary>
    public int Servers { get; init; } = 3;

    /// <summary>Client agents (no <c>-server</c>), named <c>c1</c>..<c>cM</c>.</summary>
    public int Clients { get; init; }

    public ProcessStartOrder StartOrder { get; init; } = ProcessStartOrder.ServersFirst;

    /// <summary>Prefix of node names (<c>s1</c>, <c>c1</c>, ...), to tell clusters apart in test output.</summary>
    public string NamePrefix { get; init; } = "";

    /// <summary>
    /// Clients get <c>-retry-join</c> to every server (default). When false a client joins nobody unless
    /// <see cref="ExtraArgs"/> says so (the getting-started guide's <c>-join</c> / <c>consul join</c>).
    /// </summary>
    public bool JoinClients { get; init; } = true;

    /// <summary>Give every agent a fixed DNS port (<see cref="ProcessNode.DnsPort"/>); otherwise <c>-dns-port=-1</c>.</summary>
    public bool Dns { get; init; }

    /// <summary>
    /// Extra arguments per node, appended after the cluster's own (called again on every restart). Every node's ports
    /// are allocated before any starts, so a node's arguments can name another's (e.g. <c>-join</c> to a server).
    /// </summary>
    public Func<ProcessCluster, ProcessNode, IEnumerable<string>>? ExtraArgs { get; init; }

    /// <summary>Runs once per node before its first start (e.g. writes a service definition into its config dir).</summary>
    public Action<ProcessNode>? Prepare { get; init; }

    /// <summary>Wait for one leader all servers agree on (and every agent seeing every other alive) before returning.</summary>
    public bool WaitForCluster { get; init; } = true;

    /// <summary>How long one agent may take to open its HTTP port.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="ProcessCluster.WaitForLeaderAsync"/> and the other waits may take.</summary>
    public TimeSpan ClusterTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
