using System.Net;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// The immutable, validated configuration an agent runs with: the product of flags, config files and the
/// <c>-dev</c> profile merged by <see cref="RuntimeConfigBuilder"/>. Every subsystem reads its settings from here.
/// </summary>
public sealed record RuntimeConfig
{
    public required string NodeName { get; init; }

    public string NodeId { get; init; } = "";

    public string Datacenter { get; init; } = "dc1";

    public string PrimaryDatacenter { get; init; } = "";

    public bool DevMode { get; init; }

    public bool ServerMode { get; init; }

    public bool Bootstrap { get; init; }

    public int BootstrapExpect { get; init; }

    /// <summary>Null in <c>-dev</c> mode: everything stays in memory.</summary>
    public string? DataDir { get; init; }

    public IPAddress BindAddr { get; init; } = IPAddress.Any;

    public IPAddress AdvertiseAddr { get; init; } = IPAddress.Loopback;

    public IReadOnlyList<IPAddress> ClientAddrs { get; init; } = [IPAddress.Loopback];

    /// <summary>HTTP port; 0 picks a free port (tests); -1 disables.</summary>
    public int HttpPort { get; init; } = 8500;

    public int HttpsPort { get; init; } = -1;

    public int DnsPort { get; init; } = 8600;

    public int SerfLanPort { get; init; } = 8301;

    public int SerfWanPort { get; init; } = 8302;

    public int ServerPort { get; init; } = 8300;

    public int GrpcPort { get; init; } = -1;

    public bool UiEnabled { get; init; }

    public string? UiDir { get; init; }

    public string UiContentPath { get; init; } = "/ui/";

    public string LogLevel { get; init; } = "INFO";

    public bool LogJson { get; init; }

    public string? LogFile { get; init; }

    public long LogRotateBytes { get; init; }

    public TimeSpan LogRotateDuration { get; init; }

    public int LogRotateMaxFiles { get; init; }

    public IReadOnlyList<string> StartJoin { get; init; } = [];

    public IReadOnlyList<string> RetryJoin { get; init; } = [];

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int RetryMax { get; init; }

    public bool RejoinAfterLeave { get; init; }

    public string? EncryptKey { get; init; }

    public string Domain { get; init; } = "consul.";

    public string? AltDomain { get; init; }

    public IReadOnlyList<string> Recursors { get; init; } = [];

    public string? PidFile { get; init; }

    public bool EnableScriptChecks { get; init; }

    public bool EnableLocalScriptChecks { get; init; }

    public bool DisableHostNodeId { get; init; } = true;

    public IReadOnlyDictionary<string, string> NodeMeta { get; init; } = new Dictionary<string, string>();

    public bool LeaveOnTerminate { get; init; }

    public bool SkipLeaveOnInterrupt { get; init; }

    public long KvMaxValueSize { get; init; } = 512 * 1024;

    /// <summary>Maximum HTTP request body accepted by endpoints other than KV (Consul: <c>limits.http_max_conns_per_client</c> is separate).</summary>
    public long HttpMaxRequestBodySize { get; init; } = 16 * 1024 * 1024;

    /// <summary>The config files and directories read, in load order (for <c>reload</c> and <c>agent/self</c>).</summary>
    public IReadOnlyList<string> ConfigSources { get; init; } = [];

    public string Version { get; init; } = VersionInfo.Version;
}
