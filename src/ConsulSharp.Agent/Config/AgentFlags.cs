using ConsulSharp.Core.Flags;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// The flags of <c>consul agent</c>, as Consul defines them. Every flag is parsed and validated here and carried into
/// <see cref="RuntimeConfig"/>, including flags whose feature arrives later.
/// </summary>
public sealed class AgentFlags
{
    public AgentFlags()
    {
        Set = new FlagSet("agent");
        Dev = Set.Bool("dev", false, "Starts the agent in development mode.");
        Server = Set.Bool("server", false, "Switches agent to server mode.");
        Bootstrap = Set.Bool("bootstrap", false, "Sets server to bootstrap mode.");
        BootstrapExpect = Set.Int("bootstrap-expect", 0, "Sets server to expect bootstrap mode.");
        DataDir = Set.String("data-dir", null, "Path to a data directory to store agent state.");
        ConfigDirs = Set.Strings("config-dir", "Path to a directory to read configuration files from. This will read every file ending in '.json' as configuration in this directory in alphabetical order. Can be specified multiple times.");
        ConfigFiles = Set.Strings("config-file", "Path to a file in JSON or HCL format with a matching file extension. Can be specified multiple times.");
        ConfigFormat = Set.String("config-format", null, "Config files are in this format irrespective of their extension. Must be 'hcl' or 'json'");
        Hcl = Set.Strings("hcl", "hcl config fragment. Can be specified multiple times.");
        Node = Set.String("node", null, "Name of this node. Must be unique in the cluster.");
        NodeId = Set.String("node-id", null, "A unique ID for this node across space and time. Defaults to a randomly-generated ID that persists in the data-dir.");
        NodeMeta = Set.Strings("node-meta", "An arbitrary metadata key/value pair for this node, of the format `key:value`. Can be specified multiple times.");
        Datacenter = Set.String("datacenter", null, "Datacenter of the agent.");
        Bind = Set.String("bind", null, "Sets the bind address for cluster communication.");
        Advertise = Set.String("advertise", null, "Sets the advertise address to use.");
        AdvertiseWan = Set.String("advertise-wan", null, "Sets address to advertise on WAN instead of -advertise address.");
        Client = Set.String("client", null, "Sets the address to bind for client access. This includes RPC, DNS, HTTP, HTTPS and gRPC (if configured).");
        HttpPort = Set.Int("http-port", 0, "Sets the HTTP API port to listen on.");
        HttpsPort = Set.Int("https-port", 0, "Sets the HTTPS API port to listen on.");
        DnsPort = Set.Int("dns-port", 0, "DNS port to use.");
        GrpcPort = Set.Int("grpc-port", 0, "Sets the gRPC API port to listen on.");
        SerfLanPort = Set.Int("serf-lan-port", 0, "Sets the Serf LAN port to listen on.");
        SerfWanPort = Set.Int("serf-wan-port", 0, "Sets the Serf WAN port to listen on.");
        ServerPort = Set.Int("server-port", 0, "Sets the server port to listen on.");
        Ui = Set.Bool("ui", false, "Enables the built-in static web UI server.");
        UiDir = Set.String("ui-dir", null, "Path to directory containing the web UI resources.");
        UiContentPath = Set.String("ui-content-path", null, "Sets the external UI path to a string. Defaults to: /ui/");
        LogLevel = Set.String("log-level", null, "Log level of the agent.");
        LogJson = Set.Bool("log-json", false, "Output logs in JSON format.");
        LogFile = Set.String("log-file", null, "Path to the file the logs get written to");
        LogRotateBytes = Set.Int("log-rotate-bytes", 0, "Maximum number of bytes that should be written to a log file");
        LogRotateDuration = Set.Duration("log-rotate-duration", TimeSpan.Zero, "Time after which log rotation needs to be performed");
        LogRotateMaxFiles = Set.Int("log-rotate-max-files", 0, "Maximum number of log file archives to keep");
        Join = Set.Strings("join", "Address of an agent to join at start time. Can be specified multiple times.");
        JoinWan = Set.Strings("join-wan", "Address of an agent to join -wan at start time. Can be specified multiple times.");
        RetryJoin = Set.Strings("retry-join", "Address of an agent to join at start time with retries enabled. Can be specified multiple times.");
        RetryJoinWan = Set.Strings("retry-join-wan", "Address of an agent to join -wan at start time with retries enabled. Can be specified multiple times.");
        RetryInterval = Set.Duration("retry-interval", TimeSpan.Zero, "Time to wait between join attempts.");
        RetryMax = Set.Int("retry-max", -1, "Maximum number of join attempts. Defaults to 0, which will retry indefinitely.");
        Rejoin = Set.Bool("rejoin", false, "Ignores a previous leave and attempts to rejoin the cluster.");
        Encrypt = Set.String("encrypt", null, "Provides the gossip encryption key.");
        Domain = Set.String("domain", null, "Domain to use for DNS interface.");
        AltDomain = Set.String("alt-domain", null, "Alternate domain to use for DNS interface.");
        Recursor = Set.Strings("recursor", "Address of an upstream DNS server. Can be specified multiple times.");
        PidFile = Set.String("pid-file", null, "Path to file to store agent PID.");
        EnableScriptChecks = Set.Bool("enable-script-checks", false, "Enables health check scripts.");
        EnableLocalScriptChecks = Set.Bool("enable-local-script-checks", false, "Enables health check scripts from configuration file.");
        DisableHostNodeId = Set.Bool("disable-host-node-id", false, "Setting this to true will prevent Consul from using information from the host to generate a node ID, and will cause Consul to generate a random ID instead.");
        DisableKeyringFile = Set.Bool("disable-keyring-file", false, "Disables the backing up of the keyring to a file.");
        RaftProtocol = Set.Int("raft-protocol", 0, "Sets the Raft protocol version. Defaults to 3.");
        Segment = Set.String("segment", null, "(Enterprise-only) Sets the network segment to join.");
        Partition = Set.String("partition", null, "(Enterprise-only) Sets the partition for this agent.");
        PrimaryDatacenter = Set.String("primary-datacenter", null, "Sets the primary datacenter for the cluster.");
        AutoReload = Set.Bool("auto-reload-config", false, "Watches config files for changes and auto reloads the files when modified.");
    }

    public FlagSet Set { get; }

    public FlagValue<bool> Dev { get; }

    public FlagValue<bool> Server { get; }

    public FlagValue<bool> Bootstrap { get; }

    public FlagValue<int> BootstrapExpect { get; }

    public FlagValue<string?> DataDir { get; }

    public FlagValue<IReadOnlyList<string>> ConfigDirs { get; }

    public FlagValue<IReadOnlyList<string>> ConfigFiles { get; }

    public FlagValue<string?> ConfigFormat { get; }

    public FlagValue<IReadOnlyList<string>> Hcl { get; }

    public FlagValue<string?> Node { get; }

    public FlagValue<string?> NodeId { get; }

    public FlagValue<IReadOnlyList<string>> NodeMeta { get; }

    public FlagValue<string?> Datacenter { get; }

    public FlagValue<string?> Bind { get; }

    public FlagValue<string?> Advertise { get; }

    public FlagValue<string?> AdvertiseWan { get; }

    public FlagValue<string?> Client { get; }

    public FlagValue<int> HttpPort { get; }

    public FlagValue<int> HttpsPort { get; }

    public FlagValue<int> DnsPort { get; }

    public FlagValue<int> GrpcPort { get; }

    public FlagValue<int> SerfLanPort { get; }

    public FlagValue<int> SerfWanPort { get; }

    public FlagValue<int> ServerPort { get; }

    public FlagValue<bool> Ui { get; }

    public FlagValue<string?> UiDir { get; }

    public FlagValue<string?> UiContentPath { get; }

    public FlagValue<string?> LogLevel { get; }

    public FlagValue<bool> LogJson { get; }

    public FlagValue<string?> LogFile { get; }

    public FlagValue<int> LogRotateBytes { get; }

    public FlagValue<TimeSpan> LogRotateDuration { get; }

    public FlagValue<int> LogRotateMaxFiles { get; }

    public FlagValue<IReadOnlyList<string>> Join { get; }

    public FlagValue<IReadOnlyList<string>> JoinWan { get; }

    public FlagValue<IReadOnlyList<string>> RetryJoin { get; }

    public FlagValue<IReadOnlyList<string>> RetryJoinWan { get; }

    public FlagValue<TimeSpan> RetryInterval { get; }

    public FlagValue<int> RetryMax { get; }

    public FlagValue<bool> Rejoin { get; }

    public FlagValue<string?> Encrypt { get; }

    public FlagValue<string?> Domain { get; }

    public FlagValue<string?> AltDomain { get; }

    public FlagValue<IReadOnlyList<string>> Recursor { get; }

    public FlagValue<string?> PidFile { get; }

    public FlagValue<bool> EnableScriptChecks { get; }

    public FlagValue<bool> EnableLocalScriptChecks { get; }

    public FlagValue<bool> DisableHostNodeId { get; }

    public FlagValue<bool> DisableKeyringFile { get; }

    public FlagValue<int> RaftProtocol { get; }

    public FlagValue<string?> Segment { get; }

    public FlagValue<string?> Partition { get; }

    public FlagValue<string?> PrimaryDatacenter { get; }

    public FlagValue<bool> AutoReload { get; }

    /// <summary>
    /// The <c>-config-dir</c> and <c>-config-file</c> values in command-line order (Consul loads them interleaved, in
    /// the order given). Filled by <see cref="Parse"/>.
    /// </summary>
    public IReadOnlyList<string> ConfigPaths { get; private set; } = [];

    public void Parse(IReadOnlyList<string> args)
    {
        Set.Parse(args);
        ConfigPaths = OrderedConfigPaths(args);
    }

    /// <summary>Replays Go's flag scanning over already-validated arguments to recover the order of the config paths.</summary>
    private List<string> OrderedConfigPaths(IReadOnlyList<string> args)
    {
        var isBool = Set.Flags.ToDictionary(f => f.Name, f => f.IsBool, StringComparer.Ordinal);
        var paths = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Length < 2 || arg[0] != '-' || arg == "--")
            {
                break;
            }

            var name = arg[(arg[1] == '-' ? 2 : 1)..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (isBool.TryGetValue(name, out var b) && !b && i + 1 < args.Count)
            {
                value = args[++i];
            }

            if (name is "config-dir" or "config-file" && value is not null)
            {
                paths.Add(value);
            }
        }

        return paths;
    }
}
