using System.Text.Json;
using System.Text.RegularExpressions;
using ConsulSharp.Cli.Output;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul members</c>: the gossip pool as the agent sees it, in Consul's columns.</summary>
public sealed class MembersCommand : CommandBase
{
    private const char Sep = '\x1f';
    private readonly Core.Flags.FlagValue<bool> _detailed;
    private readonly Core.Flags.FlagValue<bool> _wan;
    private readonly Core.Flags.FlagValue<string?> _status;
    private readonly Core.Flags.FlagValue<string?> _filter;

    public MembersCommand()
        : base("members")
    {
        _detailed = Flags.Bool("detailed", false, "Provides detailed information about nodes.");
        _wan = Flags.Bool("wan", false, "If the agent is in server mode, this can be used to return the other peers in the WAN pool.");
        _status = Flags.String("status", ".*", "If provided, output is filtered to only nodes matching the regular expression for status.");
        _filter = Flags.String("filter", null, "Filter to use with the request");
        Flags.String("segment", null, "(Enterprise-only) If provided, output is filtered to only nodes in the given segment.");
        Flags.String("partition", null, "(Enterprise-only) Specifies the admin partition to query.");
    }

    public override string Synopsis => "Lists the members of a Consul cluster";

    protected override string UsageText => "Usage: consul members [options]\n\n  Outputs the members of a running Consul agent.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        Regex status;
        try
        {
            status = new Regex(_status.Value ?? ".*", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            await context.Err.WriteLineAsync($"Failed to compile status regexp: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        var query = "/v1/agent/members?segment=_all" + (_wan.Value ? "&wan=1" : "") + (_filter.Value is { Length: > 0 } f ? "&filter=" + Uri.EscapeDataString(f) : "");
        ConsulResponse res;
        try
        {
            res = await client.GetAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error retrieving members: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using var doc = JsonDocument.Parse(res.Body);
        var members = doc.RootElement.EnumerateArray().Select(Row.From).Where(m => status.IsMatch(m.Status)).ToList();
        if (members.Count == 0)
        {
            return 2;
        }

        members.Sort(static (a, b) =>
        {
            var byType = (a.Type == "server" ? 0 : 1).CompareTo(b.Type == "server" ? 0 : 1);
            return byType != 0 ? byType : string.CompareOrdinal(a.Name, b.Name);
        });

        var lines = new List<string>();
        if (_detailed.Value)
        {
            lines.Add(string.Join(Sep, "Node", "Address", "Status", "Tags"));
            foreach (var m in members)
            {
                var tags = new SortedDictionary<string, string>(m.Tags, StringComparer.Ordinal);
                tags.TryAdd("ap", "default");
                tags.TryAdd("segment", "");
                lines.Add(string.Join(Sep, m.Name, m.Address, m.Status, string.Join(',', tags.Select(kv => $"{kv.Key}={kv.Value}"))));
            }
        }
        else
        {
            lines.Add(string.Join(Sep, "Node", "Address", "Status", "Type", "Build", "Protocol", "DC", "Partition", "Segment"));
            foreach (var m in members)
            {
                if (m.Type == "unknown")
                {
                    lines.Add(string.Join(Sep, m.Name, m.Address, m.Status, m.Type, "", "", "", "", ""));
                    continue;
                }

                var build = m.Tags.TryGetValue("build", out var b) ? b.Split(':')[0] : "< 0.3";
                var segment = m.Type == "server" ? "<all>" : "<default>";
                lines.Add(string.Join(Sep, m.Name, m.Address, m.Status, m.Type, build, m.Tags.GetValueOrDefault("vsn", ""), m.Tags.GetValueOrDefault("dc", ""), m.Tags.GetValueOrDefault("ap", "default"), segment));
            }
        }

        await context.Out.WriteLineAsync(Columnize.Format(lines, Sep)).ConfigureAwait(false);
        return 0;
    }

    private sealed record Row(string Name, string Address, string Status, string Type, Dictionary<string, string> Tags)
    {
        public static Row From(JsonElement e)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            if (e.TryGetProperty("Tags", out var t) && t.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in t.EnumerateObject())
                {
                    tags[p.Name] = p.Value.GetString() ?? "";
                }
            }

            var addr = e.GetProperty("Addr").GetString() ?? "";
            var port = e.GetProperty("Port").GetInt32();
            var address = addr.Contains(':', StringComparison.Ordinal) ? $"[{addr}]:{port}" : $"{addr}:{port}";
            var status = e.GetProperty("Status").GetInt32() switch
            {
                1 => "alive",
                2 => "leaving",
                3 => "left",
                4 => "failed",
                _ => "none",
            };
            var type = tags.GetValueOrDefault("role") switch
            {
                "consul" => "server",
                "node" => "client",
                _ => "unknown",
            };
            return new Row(e.GetProperty("Name").GetString() ?? "", address, status, type, tags);
        }
    }
}
