using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ConsulSharp.Agent;
using ConsulSharp.Agent.Config;
using ConsulSharp.Agent.Logging;
using ConsulSharp.Contracts.Agent;
using ConsulSharp.Core.Errors;
using ConsulSharp.Http.Routing;
using Microsoft.AspNetCore.Http;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/agent/*</c> endpoints that need no cluster: self, host, version, reload, monitor, metrics.</summary>
public sealed class AgentEndpoints(ConsulAgent agent, IAgentStats stats, IMembership membership)
{
    private static readonly string BuildDate = "2025-10-01T00:00:00Z";

    public void Register(RouteTable routes)
    {
        routes.Get("/v1/agent/self", SelfAsync);
        routes.Get("/v1/agent/host", HostAsync);
        routes.Get("/v1/agent/version", VersionAsync);
        routes.Put("/v1/agent/reload", ReloadAsync);
        routes.Get("/v1/agent/monitor", MonitorAsync);
        routes.Get("/v1/agent/metrics", MetricsAsync);
    }

    private async Task AuthorizeAgentAsync(ApiRequest req, bool write)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var node = agent.Config.NodeName;
        if (write ? !acl.Authorizer.AgentWrite(node) : !acl.Authorizer.AgentRead(node))
        {
            throw acl.Denied(write ? "agent:write" : "agent:read", node);
        }
    }

    private async Task SelfAsync(ApiRequest req)
    {
        await AuthorizeAgentAsync(req, write: false).ConfigureAwait(false);
        var c = agent.Config;
        var self = new AgentSelf
        {
            Config = new AgentSelfConfig
            {
                Datacenter = c.Datacenter,
                PrimaryDatacenter = string.IsNullOrEmpty(c.PrimaryDatacenter) ? c.Datacenter : c.PrimaryDatacenter,
                NodeName = c.NodeName,
                NodeID = agent.NodeId,
                Revision = VersionInfo.Revision,
                Server = c.ServerMode,
                Version = VersionInfo.Version,
                BuildDate = BuildDate,
            },
            DebugConfig = new Dictionary<string, object?>
            {
                ["Datacenter"] = c.Datacenter,
                ["NodeName"] = c.NodeName,
                ["ServerMode"] = c.ServerMode,
                ["DevMode"] = c.DevMode,
                ["DataDir"] = c.DataDir,
                ["ClientAddrs"] = string.Join(' ', c.ClientAddrs.Select(a => a.ToString())),
                ["BindAddr"] = c.BindAddr.ToString(),
                ["HTTPPort"] = c.HttpPort,
                ["DNSPort"] = c.DnsPort,
                ["ServerPort"] = c.ServerPort,
                ["SerfPortLAN"] = c.SerfLanPort,
                ["SerfPortWAN"] = c.SerfWanPort,
                ["LogLevel"] = c.LogLevel,
                ["UIConfig.Enabled"] = c.UiEnabled,
            },
            Coord = agent.Config.DisableCoordinates ? null : membership.LanCoordinate() ?? new Coordinate(),
            Member = membership.LocalMember(),
            Stats = stats.Stats(),
            Meta = new Dictionary<string, string>(c.NodeMeta) { ["consul-network-segment"] = "", ["consul-version"] = VersionInfo.Version },
        };
        await req.WriteJsonAsync(self).ConfigureAwait(false);
    }

    private Task VersionAsync(ApiRequest req) => req.WriteJsonAsync(new AgentVersion
    {
        HumanVersion = $"{VersionInfo.Version}",
        BuildDate = BuildDate,
        Version = VersionInfo.Version,
        Revision = VersionInfo.Revision,
        Prerelease = "",
    });

    private async Task HostAsync(ApiRequest req)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.OperatorRead())
        {
            throw acl.Denied("operator:read", null);
        }

        var gc = GC.GetGCMemoryInfo();
        var drive = new DriveInfo(agent.Config.DataDir ?? "/");
        var host = new HostInfo
        {
            Memory = new Dictionary<string, object?>
            {
                ["total"] = gc.TotalAvailableMemoryBytes,
                ["available"] = gc.TotalAvailableMemoryBytes - gc.MemoryLoadBytes,
                ["used"] = gc.MemoryLoadBytes,
                ["usedPercent"] = gc.TotalAvailableMemoryBytes == 0 ? 0.0 : 100.0 * gc.MemoryLoadBytes / gc.TotalAvailableMemoryBytes,
            },
            CPU = Enumerable.Range(0, Environment.ProcessorCount).Select(i => new Dictionary<string, object?>
            {
                ["cpu"] = i,
                ["modelName"] = CpuModel(),
                ["cores"] = 1,
            }).ToList(),
            Host = new Dictionary<string, object?>
            {
                ["hostname"] = Environment.MachineName,
                ["uptime"] = (long)(Environment.TickCount64 / 1000),
                ["os"] = RuntimeInformation.OSDescription.Contains("Linux", StringComparison.Ordinal) ? "linux" : RuntimeInformation.OSDescription,
                ["platform"] = RuntimeInformation.OSDescription,
                ["kernelArch"] = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            },
            Disk = new Dictionary<string, object?>
            {
                ["path"] = drive.RootDirectory.FullName,
                ["total"] = drive.TotalSize,
                ["free"] = drive.AvailableFreeSpace,
                ["used"] = drive.TotalSize - drive.TotalFreeSpace,
            },
            CollectionTime = agent.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000,
        };
        await req.WriteJsonAsync(host).ConfigureAwait(false);
    }

    private async Task ReloadAsync(ApiRequest req)
    {
        await AuthorizeAgentAsync(req, write: true).ConfigureAwait(false);
        try
        {
            await agent.ReloadAsync(req.Aborted).ConfigureAwait(false);
        }
        catch (ConfigException ex)
        {
            throw ConsulException.Internal($"Failed to reload configs: {ex.Message}");
        }
    }

    private async Task MonitorAsync(ApiRequest req)
    {
        var levelName = req.Query("loglevel") ?? "INFO";
        if (!ConsulLogLevels.TryParse(levelName, out var level))
        {
            throw ConsulException.BadRequest($"Unknown log level: {levelName}");
        }

        await AuthorizeAgentAsync(req, write: false).ConfigureAwait(false);
        var json = req.Flag("logjson");
        using var sub = agent.Logs.Subscribe(level);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(req.Aborted, agent.ShuttingDown);
        var res = req.Http.Response;
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = "text/plain; charset=utf-8";
        await res.StartAsync(req.Aborted).ConfigureAwait(false);
        await res.Body.FlushAsync(req.Aborted).ConfigureAwait(false);
        try
        {
            while (await sub.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                var sb = new StringBuilder();
                while (sub.Reader.TryRead(out var record))
                {
                    sb.Append(json ? ConsulLogFormatter.FormatJson(record) : ConsulLogFormatter.FormatText(record)).Append('\n');
                }

                await res.WriteAsync(sb.ToString(), req.Aborted).ConfigureAwait(false);
                await res.Body.FlushAsync(req.Aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Client disconnected or the agent is stopping: the subscription is released by the using.
        }
    }

    private async Task MetricsAsync(ApiRequest req)
    {
        await AuthorizeAgentAsync(req, write: false).ConfigureAwait(false);
        var accept = req.Http.Request.Headers.Accept.ToString();
        var prometheus = req.Query("format") == "prometheus" || accept.Contains("application/openmetrics-text", StringComparison.Ordinal) || accept.Contains("text/plain; version=0.4.0", StringComparison.Ordinal);
        if (prometheus)
        {
            await req.WriteTextAsync(StatusCodes.Status200OK, PrometheusText()).ConfigureAwait(false);
            return;
        }

        var now = agent.Time.GetUtcNow();
        var interval = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % (10 * TimeSpan.TicksPerSecond)), TimeSpan.Zero);
        var summary = new MetricsSummary
        {
            Timestamp = interval.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss +0000 'UTC'", CultureInfo.InvariantCulture),
            Gauges = agent.Metrics.Gauges().Select(g => new GaugeValue(g.Name, g.Value, [])).ToList(),
            Counters = agent.Metrics.Counters().Select(c => Sampled(c.Name, c.Labels, c.Value)).ToList(),
            Samples = agent.Metrics.Samples().Select(c => Sampled(c.Name, c.Labels, c.Value)).ToList(),
        };
        await req.WriteJsonAsync(summary).ConfigureAwait(false);
    }

    private static SampledValue Sampled(string name, string labels, Agent.Metrics.AggregateSnapshot v) => new()
    {
        Name = name,
        Count = (int)v.Count,
        Rate = v.Sum / 10,
        Sum = v.Sum,
        Min = v.Min,
        Max = v.Max,
        Mean = v.Mean,
        Stddev = v.Stddev,
        Labels = ParseLabels(labels),
    };

    private static Dictionary<string, string> ParseLabels(string labels)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in labels.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            d[pair[..eq]] = pair[(eq + 1)..];
        }

        return d;
    }

    private string PrometheusText()
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in agent.Metrics.Gauges())
        {
            var n = PromName(name);
            sb.Append("# HELP ").Append(n).Append(' ').Append(n).Append('\n');
            sb.Append("# TYPE ").Append(n).Append(" gauge\n");
            sb.Append(n).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var group in agent.Metrics.Counters().GroupBy(c => c.Name))
        {
            var n = PromName(group.Key);
            sb.Append("# HELP ").Append(n).Append(' ').Append(n).Append('\n');
            sb.Append("# TYPE ").Append(n).Append(" counter\n");
            foreach (var c in group)
            {
                sb.Append(n).Append(PromLabels(c.Labels)).Append(' ').Append(c.Value.Sum.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        foreach (var group in agent.Metrics.Samples().GroupBy(c => c.Name))
        {
            var n = PromName(group.Key);
            sb.Append("# HELP ").Append(n).Append(' ').Append(n).Append('\n');
            sb.Append("# TYPE ").Append(n).Append(" summary\n");
            foreach (var c in group)
            {
                var labels = PromLabels(c.Labels);
                sb.Append(n).Append("_sum").Append(labels).Append(' ').Append(c.Value.Sum.ToString(CultureInfo.InvariantCulture)).Append('\n');
                sb.Append(n).Append("_count").Append(labels).Append(' ').Append(c.Value.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string PromName(string dotted) => dotted.Replace('.', '_').Replace('-', '_');

    private static string PromLabels(string labels)
    {
        if (labels.Length == 0)
        {
            return "";
        }

        return "{" + string.Join(',', ParseLabels(labels).Select(kv => $"{kv.Key}=\"{kv.Value}\"")) + "}";
    }

    private static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return "";
    }
}
