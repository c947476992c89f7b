using ConsulSharp.Agent.Config;
using ConsulSharp.Agent.Logging;
using ConsulSharp.Agent.Metrics;

namespace ConsulSharp.Agent;

/// <summary>
/// The running agent's identity and shared services: the current runtime config (replaced on reload), node ID,
/// metrics, logs, and the hooks the host installs for reload and leave.
/// </summary>
public sealed class ConsulAgent : IDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private RuntimeConfig _config;

    public ConsulAgent(RuntimeConfig config, string nodeId, TimeProvider time, AgentMetrics metrics, LogBroadcaster logs)
    {
        _config = config;
        NodeId = nodeId;
        Time = time;
        Metrics = metrics;
        Logs = logs;
        StartedAt = time.GetUtcNow();
    }

    public RuntimeConfig Config => Volatile.Read(ref _config);

    public string NodeId { get; }

    public TimeProvider Time { get; }

    public AgentMetrics Metrics { get; }

    public LogBroadcaster Logs { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Cancelled when the agent begins to shut down: long-lived requests (monitor, blocking queries) end.</summary>
    public CancellationToken ShuttingDown => _shutdown.Token;

    public void BeginShutdown() => _shutdown.Cancel();

    public void Dispose() => _shutdown.Dispose();

    /// <summary>Re-reads the config sources; installed by the host. Returns the warnings to report.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<string>>>? ReloadHandler { get; set; }

    /// <summary>Asks the host to leave the cluster and shut down; installed by the host.</summary>
    public Action? LeaveHandler { get; set; }

    public void ReplaceConfig(RuntimeConfig config) => Volatile.Write(ref _config, config);

    public Task<IReadOnlyList<string>> ReloadAsync(CancellationToken cancellationToken) =>
        ReloadHandler?.Invoke(cancellationToken) ?? Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>The gossip tags this agent advertises (Consul's names), also shown by the local members view.</summary>
    public Dictionary<string, string> LanTags()
    {
        var c = Config;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["acls"] = "0",
            ["build"] = $"{VersionInfo.Version}:{VersionInfo.Revision}",
            ["dc"] = c.Datacenter,
            ["id"] = NodeId,
            ["role"] = c.ServerMode ? "consul" : "node",
            ["segment"] = "",
            ["vsn"] = "2",
            ["vsn_max"] = "3",
            ["vsn_min"] = "2",
        };
        if (c.ServerMode)
        {
            tags["port"] = c.ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            tags["raft_vsn"] = "3";
            tags["wan_join_port"] = c.SerfWanPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (c.Bootstrap)
            {
                tags["bootstrap"] = "1";
            }

            if (c.BootstrapExpect > 0)
            {
                tags["expect"] = c.BootstrapExpect.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return tags;
    }
}
