using System.Globalization;
using System.Text.Json;
using ConsulSharp.Cli.Output;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Operator;

/// <summary><c>consul operator raft list-peers</c>: the Raft configuration with each server's state and how far it trails.</summary>
public sealed class OperatorRaftListPeersCommand : CommandBase
{
    private const char Sep = '\x1f';

    public OperatorRaftListPeersCommand()
        : base("operator raft list-peers", serverFlags: true)
    {
    }

    public override string Synopsis => "Display the current Raft peer configuration";

    protected override string UsageText => """
        Usage: consul operator raft list-peers [options]

          Displays the current Raft peer configuration.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        var stale = Http!.Stale ? "?stale" : "";
        ConsulResponse config;
        try
        {
            config = await client.GetAsync("/v1/operator/raft/configuration" + stale, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error getting peers: Failed to retrieve raft configuration: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        ConsulResponse health;
        try
        {
            health = await client.SendRawAsync(HttpMethod.Get, "/v1/operator/autopilot/health" + stale, null, cancellationToken).ConfigureAwait(false);
            if (health.StatusCode is not (200 or 429))
            {
                throw new ConsulApiException(health.StatusCode, health.Text.TrimEnd('\n'));
            }
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error getting peers: Failed to retrieve autopilot health: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync(Format(config.Body, health.Body)).ConfigureAwait(false);
        return 0;
    }

    internal static string Format(byte[] configuration, byte[] health)
    {
        using var cfg = JsonDocument.Parse(configuration);
        using var h = JsonDocument.Parse(health);
        var lastIndex = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (h.RootElement.TryGetProperty("Servers", out var hs) && hs.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in hs.EnumerateArray())
            {
                lastIndex[s.GetProperty("ID").GetString() ?? ""] = s.GetProperty("LastIndex").GetUInt64();
            }
        }

        var servers = cfg.RootElement.GetProperty("Servers").EnumerateArray().ToList();
        ulong leaderIndex = 0;
        foreach (var s in servers)
        {
            if (s.GetProperty("Leader").GetBoolean() && lastIndex.TryGetValue(s.GetProperty("ID").GetString() ?? "", out var li))
            {
                leaderIndex = li;
            }
        }

        var lines = new List<string> { string.Join(Sep, "Node", "ID", "Address", "State", "Voter", "RaftProtocol", "Commit Index", "Trails Leader By") };
        foreach (var s in servers)
        {
            var id = s.GetProperty("ID").GetString() ?? "";
            var leader = s.GetProperty("Leader").GetBoolean();
            var protocol = s.TryGetProperty("ProtocolVersion", out var p) && p.GetString() is { Length: > 0 } pv ? pv : "<=1";
            var cells = new List<string>
            {
                s.GetProperty("Node").GetString() ?? "",
                id,
                s.GetProperty("Address").GetString() ?? "",
                leader ? "leader" : "follower",
                s.GetProperty("Voter").GetBoolean() ? "true" : "false",
                protocol,
            };
            if (lastIndex.TryGetValue(id, out var index))
            {
                var trails = leaderIndex - index;
                cells.Add(index.ToString(CultureInfo.InvariantCulture));
                cells.Add(leader ? "_" : trails <= 1 ? $"{trails.ToString(CultureInfo.InvariantCulture)} Commit" : $"{trails.ToString(CultureInfo.InvariantCulture)} Commits");
            }
            else
            {
                cells.Add("_");
            }

            lines.Add(string.Join(Sep, cells));
        }

        return Columnize.Format(lines, Sep);
    }
}
