using System.Globalization;
using System.Runtime.InteropServices;
using ConsulSharp.Agent;
using ConsulSharp.Agent.Config;
using ConsulSharp.Http.Endpoints;

namespace ConsulSharp.Hosting;

/// <summary>Gathers the <c>Stats</c> sections (<c>consul info</c>) from every subsystem that contributes one.</summary>
internal sealed class AgentStats(ConsulAgent agent, IEnumerable<IStatsContributor> contributors) : IAgentStats
{
    public Dictionary<string, Dictionary<string, string>> Stats()
    {
        var c = agent.Config;
        var stats = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            ["agent"] = new(StringComparer.Ordinal)
            {
                ["check_monitors"] = "0",
                ["check_ttls"] = "0",
                ["checks"] = "0",
                ["services"] = "0",
            },
            ["build"] = new(StringComparer.Ordinal)
            {
                ["prerelease"] = "",
                ["revision"] = VersionInfo.Revision,
                ["version"] = VersionInfo.Version,
                ["version_metadata"] = "",
            },
            ["consul"] = new(StringComparer.Ordinal)
            {
                ["acl"] = "disabled",
                ["bootstrap"] = c.Bootstrap ? "true" : "false",
                ["known_datacenters"] = "1",
                ["server"] = c.ServerMode ? "true" : "false",
            },
            ["runtime"] = new(StringComparer.Ordinal)
            {
                ["arch"] = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant() switch { "x64" => "amd64", var a => a },
                ["cpu_count"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
                ["goroutines"] = ThreadPool.ThreadCount.ToString(CultureInfo.InvariantCulture),
                ["max_procs"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
                ["os"] = OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription,
                ["version"] = RuntimeInformation.FrameworkDescription,
            },
        };
        foreach (var contributor in contributors)
        {
            contributor.Contribute(stats);
        }

        return stats;
    }
}
