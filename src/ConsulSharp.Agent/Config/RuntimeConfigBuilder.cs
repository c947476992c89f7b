using System.Globalization;
using System.Net;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// Turns the agent's flags (and, later, config files) into one immutable, validated <see cref="RuntimeConfig"/>.
/// Precedence, lowest first: built-in defaults, the <c>-dev</c> profile, config files in load order, flags.
/// </summary>
public static class RuntimeConfigBuilder
{
    public static RuntimeConfig Build(AgentFlags flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var dev = flags.Dev.Value;
        var nodeName = flags.Node.Value ?? Environment.MachineName;
        var client = ParseAddr(flags.Client.Value, "client") ?? IPAddress.Loopback;
        var bind = ParseAddr(flags.Bind.Value, "bind") ?? (dev ? IPAddress.Loopback : IPAddress.Any);
        var advertise = ParseAddr(flags.Advertise.Value, "advertise") ?? (bind.Equals(IPAddress.Any) ? IPAddress.Loopback : bind);

        if (!dev && flags.DataDir.Value is null)
        {
            throw new ConfigException("data_dir cannot be empty");
        }

        if (flags.Bootstrap.Value && flags.BootstrapExpect.Value > 0)
        {
            throw new ConfigException("'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive");
        }

        if (flags.BootstrapExpect.Value < 0)
        {
            throw new ConfigException($"bootstrap_expect cannot be {flags.BootstrapExpect.Value.ToString(CultureInfo.InvariantCulture)}. Must be greater than or equal to zero");
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in flags.NodeMeta.Value)
        {
            var idx = kv.IndexOf(':', StringComparison.Ordinal);
            if (idx <= 0)
            {
                throw new ConfigException($"invalid value \"{kv}\" for flag -node-meta: Metadata must be of the form 'key:value'");
            }

            meta[kv[..idx]] = kv[(idx + 1)..];
        }

        return new RuntimeConfig
        {
            NodeName = nodeName,
            NodeId = flags.NodeId.Value ?? "",
            Datacenter = flags.Datacenter.Value ?? "dc1",
            DevMode = dev,
            ServerMode = dev || flags.Server.Value,
            Bootstrap = dev || flags.Bootstrap.Value,
            BootstrapExpect = flags.BootstrapExpect.Value,
            DataDir = flags.DataDir.Value,
            BindAddr = bind,
            AdvertiseAddr = advertise,
            ClientAddrs = [client],
            HttpPort = Port(flags, "http-port", flags.HttpPort.Value, 8500),
            HttpsPort = Port(flags, "https-port", flags.HttpsPort.Value, -1),
            DnsPort = Port(flags, "dns-port", flags.DnsPort.Value, 8600),
            GrpcPort = Port(flags, "grpc-port", flags.GrpcPort.Value, dev ? 8502 : -1),
            SerfLanPort = Port(flags, "serf-lan-port", flags.SerfLanPort.Value, 8301),
            SerfWanPort = Port(flags, "serf-wan-port", flags.SerfWanPort.Value, 8302),
            ServerPort = Port(flags, "server-port", flags.ServerPort.Value, 8300),
            UiEnabled = dev || flags.Ui.Value,
            UiDir = flags.UiDir.Value,
            UiContentPath = flags.UiContentPath.Value ?? "/ui/",
            LogLevel = (flags.LogLevel.Value ?? (dev ? "DEBUG" : "INFO")).ToUpperInvariant(),
            LogJson = flags.LogJson.Value,
            LogFile = flags.LogFile.Value,
            LogRotateBytes = flags.LogRotateBytes.Value,
            LogRotateDuration = flags.LogRotateDuration.Value,
            LogRotateMaxFiles = flags.LogRotateMaxFiles.Value,
            StartJoin = flags.Join.Value,
            RetryJoin = flags.RetryJoin.Value,
            RetryInterval = flags.Set.IsSet("retry-interval") ? flags.RetryInterval.Value : TimeSpan.FromSeconds(30),
            RetryMax = Math.Max(0, flags.RetryMax.Value),
            RejoinAfterLeave = flags.Rejoin.Value,
            EncryptKey = flags.Encrypt.Value,
            Domain = NormalizeDomain(flags.Domain.Value ?? "consul."),
            AltDomain = flags.AltDomain.Value is { } alt ? NormalizeDomain(alt) : null,
            Recursors = flags.Recursor.Value,
            PidFile = flags.PidFile.Value,
            EnableScriptChecks = flags.EnableScriptChecks.Value,
            EnableLocalScriptChecks = flags.EnableLocalScriptChecks.Value,
            DisableHostNodeId = flags.DisableHostNodeId.Value || true,
            NodeMeta = meta,
            PrimaryDatacenter = flags.PrimaryDatacenter.Value ?? "",
            LeaveOnTerminate = !(dev || flags.Server.Value),
            SkipLeaveOnInterrupt = dev || flags.Server.Value,
        };
    }

    private static int Port(AgentFlags flags, string name, int value, int defaultValue) =>
        flags.Set.IsSet(name) ? value : defaultValue;

    private static IPAddress? ParseAddr(string? value, string key)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!IPAddress.TryParse(value, out var addr))
        {
            throw new ConfigException($"{key}: invalid address \"{value}\"");
        }

        return addr;
    }

    private static string NormalizeDomain(string domain) => domain.EndsWith('.') ? domain : domain + ".";
}
