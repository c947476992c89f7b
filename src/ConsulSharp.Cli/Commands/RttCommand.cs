using System.Globalization;
using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary>
/// <c>consul rtt [-wan] node1 [node2]</c>: the round trip between two nodes estimated from their network coordinates
/// (<c>/v1/coordinate/nodes</c>, or <c>/v1/coordinate/datacenters</c> with <c>-wan</c>), as Consul prints it.
/// </summary>
public sealed class RttCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<bool> _wan;

    public RttCommand()
        : base("rtt")
    {
        _wan = Flags.Bool("wan", false, "Use WAN coordinates instead of LAN coordinates.");
    }

    public override string Synopsis => "Estimates network round trip time between nodes";

    protected override string UsageText => "Usage: consul rtt [options] node1 [node2]\n\n  Estimates the round trip time between two nodes using Consul's network\n  coordinate model of the cluster.\n\n  At least one node name is required. If the second node name isn't given, it\n  is set to the agent's node name. These are the node names as known to\n  Consul as the \"consul members\" command would show, not IP addresses.\n\n  By default, the two nodes are assumed to be nodes in the local datacenter\n  and the LAN coordinates are used. If the -wan option is given, then the WAN\n  coordinates are used, and the node names must be suffixed by a period and\n  the datacenter (eg. \"myserver.dc1\").\n\n  It is not possible to measure between LAN coordinates and WAN coordinates\n  because they are maintained by independent Serf gossip areas, so they are\n  not compatible.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count is < 1 or > 2)
        {
            await context.Err.WriteLineAsync("One or two node names must be specified").ConfigureAwait(false);
            await context.Err.WriteLineAsync("").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        var nodes = args.ToList();
        try
        {
            if (nodes.Count == 1)
            {
                using var self = JsonDocument.Parse((await client.GetAsync("/v1/agent/self", cancellationToken).ConfigureAwait(false)).Body);
                var config = self.RootElement.GetProperty("Config");
                var name = config.GetProperty("NodeName").GetString() ?? "";
                if (_wan.Value)
                {
                    if (!config.GetProperty("Server").GetBoolean())
                    {
                        await context.Err.WriteLineAsync("Must be a server to use WAN coordinates").ConfigureAwait(false);
                        return 1;
                    }

                    name += "." + config.GetProperty("Datacenter").GetString();
                }

                nodes.Add(name);
            }

            var coords = _wan.Value ? await WanAsync(client, cancellationToken).ConfigureAwait(false) : await LanAsync(client, cancellationToken).ConfigureAwait(false);
            var found = new List<JsonElement>();
            foreach (var n in nodes)
            {
                if (!coords.TryGetValue(n, out var c))
                {
                    await context.Err.WriteLineAsync($"Could not find a coordinate for node \"{n}\"").ConfigureAwait(false);
                    return 1;
                }

                found.Add(c);
            }

            var ms = Distance(found[0], found[1]).TotalMilliseconds;
            await context.Out.WriteLineAsync($"Estimated {nodes[0]} <-> {nodes[1]} rtt: {ms.ToString("F3", CultureInfo.InvariantCulture)} ms (using {(_wan.Value ? "WAN" : "LAN")} coordinates)").ConfigureAwait(false);
            return 0;
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error getting coordinates: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>serf's distance: the Euclidean distance plus both heights, plus both adjustments when that stays positive.</summary>
    internal static TimeSpan Distance(JsonElement a, JsonElement b)
    {
        var va = a.GetProperty("Vec").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var vb = b.GetProperty("Vec").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var sum = 0.0;
        for (var i = 0; i < Math.Min(va.Length, vb.Length); i++)
        {
            sum += (va[i] - vb[i]) * (va[i] - vb[i]);
        }

        var dist = Math.Sqrt(sum) + a.GetProperty("Height").GetDouble() + b.GetProperty("Height").GetDouble();
        var adjusted = dist + a.GetProperty("Adjustment").GetDouble() + b.GetProperty("Adjustment").GetDouble();
        if (adjusted > 0)
        {
            dist = adjusted;
        }

        return TimeSpan.FromTicks((long)(dist * TimeSpan.TicksPerSecond));
    }

    private static async Task<Dictionary<string, JsonElement>> LanAsync(ConsulHttpClient client, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse((await client.GetAsync("/v1/coordinate/nodes", ct).ConfigureAwait(false)).Body);
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if ((e.TryGetProperty("Segment", out var s) ? s.GetString() : "") is null or "")
            {
                result[e.GetProperty("Node").GetString()!] = e.GetProperty("Coord").Clone();
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, JsonElement>> WanAsync(ConsulHttpClient client, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse((await client.GetAsync("/v1/coordinate/datacenters", ct).ConfigureAwait(false)).Body);
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var dc in doc.RootElement.EnumerateArray())
        {
            var name = dc.GetProperty("Datacenter").GetString();
            foreach (var e in dc.GetProperty("Coordinates").EnumerateArray())
            {
                // WAN members are "node.dc"; the map lists them by node name.
                var node = e.GetProperty("Node").GetString()!;
                result[node.EndsWith("." + name, StringComparison.Ordinal) ? node : $"{node}.{name}"] = e.GetProperty("Coord").Clone();
            }
        }

        return result;
    }
}
