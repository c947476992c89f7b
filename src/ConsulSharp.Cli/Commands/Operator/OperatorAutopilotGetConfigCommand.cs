using System.Globalization;
using System.Text.Json;
using ConsulSharp.Client;
using ConsulSharp.Core.Text;

namespace ConsulSharp.Cli.Commands.Operator;

/// <summary><c>consul operator autopilot get-config</c>: the autopilot configuration as <c>Name = value</c> lines.</summary>
public sealed class OperatorAutopilotGetConfigCommand : CommandBase
{
    public OperatorAutopilotGetConfigCommand()
        : base("operator autopilot get-config", serverFlags: true)
    {
    }

    public override string Synopsis => "Display the current Autopilot configuration";

    protected override string UsageText => """
        Usage: consul operator autopilot get-config [options]

          Displays the current Autopilot configuration.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        ConsulResponse res;
        try
        {
            res = await client.GetAsync("/v1/operator/autopilot/configuration" + (Http!.Stale ? "?stale" : ""), cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error querying Autopilot configuration: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using var doc = JsonDocument.Parse(res.Body);
        await context.Out.WriteLineAsync(Format(doc.RootElement)).ConfigureAwait(false);
        return 0;
    }

    internal static string Format(JsonElement c)
    {
        string B(string name) => c.GetProperty(name).GetBoolean() ? "true" : "false";
        string N(string name) => c.GetProperty(name).GetUInt64().ToString(CultureInfo.InvariantCulture);
        string S(string name) => c.GetProperty(name).GetString() ?? "";
        return string.Join('\n',
            $"CleanupDeadServers = {B("CleanupDeadServers")}",
            $"LastContactThreshold = {S("LastContactThreshold")}",
            $"MaxTrailingLogs = {N("MaxTrailingLogs")}",
            $"MinQuorum = {N("MinQuorum")}",
            $"ServerStabilizationTime = {S("ServerStabilizationTime")}",
            $"RedundancyZoneTag = {GoStrconv.Quote(S("RedundancyZoneTag"))}",
            $"DisableUpgradeMigration = {B("DisableUpgradeMigration")}",
            $"UpgradeVersionTag = {GoStrconv.Quote(S("UpgradeVersionTag"))}");
    }
}
