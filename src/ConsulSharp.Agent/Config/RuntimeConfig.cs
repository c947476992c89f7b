using System.Net;
using ConsulSharp.Hcl;

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

    /// <summary>TLS of the HTTPS listener (<c>tls.https</c> / <c>tls.defaults</c> / deprecated top-level fields).</summary>
    public TlsListenerConfig HttpsTls { get; init; } = new();

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

    public IPAddress AdvertiseAddrWan { get; init; } = IPAddress.Loopback;

    /// <summary>Gossip LAN bind address (<c>serf_lan</c>); defaults to <see cref="BindAddr"/>.</summary>
    public IPAddress SerfBindAddrLan { get; init; } = IPAddress.Any;

    /// <summary>Gossip WAN bind address (<c>serf_wan</c>); defaults to <see cref="BindAddr"/>.</summary>
    public IPAddress SerfBindAddrWan { get; init; } = IPAddress.Any;

    /// <summary><c>addresses.http</c>; defaults to <see cref="ClientAddrs"/>.</summary>
    public IReadOnlyList<IPAddress> HttpAddrs { get; init; } = [IPAddress.Loopback];

    public IReadOnlyList<IPAddress> HttpsAddrs { get; init; } = [IPAddress.Loopback];

    public IReadOnlyList<IPAddress> DnsAddrs { get; init; } = [IPAddress.Loopback];

    public IReadOnlyList<IPAddress> GrpcAddrs { get; init; } = [IPAddress.Loopback];

    public int GrpcTlsPort { get; init; } = -1;

    public IReadOnlyDictionary<string, string> TaggedAddresses { get; init; } = new Dictionary<string, string>();

    public bool TranslateWanAddrs { get; init; }

    public IReadOnlyList<string> StartJoinWan { get; init; } = [];

    public IReadOnlyList<string> RetryJoinWan { get; init; } = [];

    public TimeSpan RetryIntervalWan { get; init; } = TimeSpan.FromSeconds(30);

    public int RetryMaxWan { get; init; }

    public TimeSpan ReconnectTimeoutLan { get; init; } = TimeSpan.FromHours(72);

    public TimeSpan ReconnectTimeoutWan { get; init; } = TimeSpan.FromHours(72);

    public bool EncryptVerifyIncoming { get; init; } = true;

    public bool EncryptVerifyOutgoing { get; init; } = true;

    public bool DisableKeyringFile { get; init; }

    public GossipOverrides GossipLan { get; init; } = new();

    public GossipOverrides GossipWan { get; init; } = new();

    public int RaftProtocol { get; init; } = 3;

    public int RaftSnapshotThreshold { get; init; } = 16384;

    public TimeSpan RaftSnapshotInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int RaftTrailingLogs { get; init; } = 10240;

    public bool ReadReplica { get; init; }

    public long LogRotateBytes { get; init; }

    public TimeSpan LogRotateDuration { get; init; } = TimeSpan.FromHours(24);

    public int LogRotateMaxFiles { get; init; }

    public bool EnableDebug { get; init; }

    public bool DisableUpdateCheck { get; init; }

    public bool DisableAnonymousSignature { get; init; }

    public bool DisableRemoteExec { get; init; } = true;

    public bool DisableCoordinates { get; init; }

    /// <summary>Least time between two coordinate updates sent to the servers (Consul default 15 s).</summary>
    public TimeSpan SyncCoordinateIntervalMin { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Updates per second the whole cluster aims at; the interval grows with the LAN size (default 64).</summary>
    public double SyncCoordinateRateTarget { get; init; } = 64;

    public bool AutoReloadConfig { get; init; }

    public TimeSpan SessionTtlMin { get; init; } = TimeSpan.FromSeconds(10);

    public int CheckOutputMaxSize { get; init; } = 4096;

    public TimeSpan CheckUpdateInterval { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan DefaultQueryTime { get; init; } = TimeSpan.FromSeconds(300);

    public TimeSpan MaxQueryTime { get; init; } = TimeSpan.FromSeconds(600);

    public bool ConnectEnabled { get; init; } = true;

    public IReadOnlyList<string> Experiments { get; init; } = [];

    public DnsConfig Dns { get; init; } = new();

    public LimitsConfig Limits { get; init; } = new();

    public PerformanceConfig Performance { get; init; } = new();

    public AclConfig Acl { get; init; } = new();

    public AutopilotConfig Autopilot { get; init; } = new();

    public TelemetryConfig Telemetry { get; init; } = new();

    public HttpApiConfig HttpConfig { get; init; } = new();

    /// <summary>Services from config (<c>service</c> and <c>services</c> of every source, in load order).</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; init; } = [];

    /// <summary>Top-level checks from config (<c>check</c> and <c>checks</c>).</summary>
    public IReadOnlyList<CheckDefinition> Checks { get; init; } = [];

    /// <summary>The <c>watches</c> entries as parsed (objects with <c>type</c>, handler settings...).</summary>
    public IReadOnlyList<HclNode> Watches { get; init; } = [];

    /// <summary>The config files and directories read, in load order (for <c>reload</c> and <c>agent/self</c>).</summary>
    public IReadOnlyList<string> ConfigSources { get; init; } = [];

    /// <summary>Every config file actually read (directories expanded), in load order.</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];

    public string Version { get; init; } = VersionInfo.Version;
}
