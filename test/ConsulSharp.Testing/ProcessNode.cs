using System.Globalization;
using System.Net;
using ConsulSharp.Client;

namespace ConsulSharp.Testing;

/// <summary>
/// One agent of a <see cref="ProcessCluster"/>: its fixed ports and directories (kept across restarts) and, while it
/// runs, its <see cref="AgentProcess"/> and a client of its HTTP API (the HTTP port is OS-assigned on every start).
/// </summary>
public sealed class ProcessNode
{
    private AgentProcess? _process;
    private ConsulHttpClient? _client;

    internal ProcessNode(string name, bool isServer, string dataDir, string configDir, int serverPort, int serfLanPort, int serfWanPort, int dnsPort)
    {
        Name = name;
        IsServer = isServer;
        DataDir = dataDir;
        ConfigDir = configDir;
        ServerPort = serverPort;
        SerfLanPort = serfLanPort;
        SerfWanPort = serfWanPort;
        DnsPort = dnsPort;
    }

    /// <summary>The node name (<c>-node</c>).</summary>
    public string Name { get; }

    public bool IsServer { get; }

    /// <summary>The <c>-data-dir</c>, kept across restarts.</summary>
    public string DataDir { get; }

    /// <summary>The <c>-config-dir</c> (empty unless a test writes definitions into it).</summary>
    public string ConfigDir { get; }

    /// <summary>The server RPC/Raft port (<c>-server-port</c>); 0 for clients.</summary>
    public int ServerPort { get; }

    public int SerfLanPort { get; }

    public int SerfWanPort { get; }

    /// <summary>The DNS port (<c>-dns-port</c>), or -1 when the cluster was started without DNS.</summary>
    public int DnsPort { get; }

    /// <summary>The gossip address others join (<c>127.0.0.1:&lt;serf LAN port&gt;</c>).</summary>
    public string LanAddress => "127.0.0.1:" + SerfLanPort.ToString(CultureInfo.InvariantCulture);

    /// <summary>The server's Raft address as <c>/v1/status/leader</c> and the Raft configuration show it.</summary>
    public string ServerAddress => "127.0.0.1:" + ServerPort.ToString(CultureInfo.InvariantCulture);

    public IPEndPoint DnsEndPoint => new(IPAddress.Loopback, DnsPort);

    /// <summary>How many times the process was started.</summary>
    public int Starts { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The running process (throws when the node is stopped).</summary>
    public AgentProcess Process => _process ?? throw new InvalidOperationException($"node {Name} is not running");

    /// <summary>A client of the running agent's HTTP API (throws when the node is stopped; a new one after each restart).</summary>
    public ConsulHttpClient Client => _client ?? throw new InvalidOperationException($"node {Name} is not running");

    /// <summary>The agent's HTTP address for CLI commands (<c>-http-addr</c>).</summary>
    public string HttpAddress => Client.BaseAddress.ToString();

    public override string ToString() => Name;

    internal void Attach(AgentProcess process, ConsulHttpClient client)
    {
        _process = process;
        _client = client;
        Starts++;
    }

    internal AgentProcess? Detach()
    {
        var p = _process;
        _client?.Dispose();
        _client = null;
        _process = null;
        return p;
    }
}
