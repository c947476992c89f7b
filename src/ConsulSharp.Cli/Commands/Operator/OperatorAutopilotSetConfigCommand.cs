using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsulSharp.Client;
using ConsulSharp.Core;

namespace ConsulSharp.Cli.Commands.Operator;

/// <summary>
/// <c>consul operator autopilot set-config</c>: read the configuration, change the flags that were given, and write it
/// back with check-and-set on its ModifyIndex (Consul's behaviour: a concurrent change makes it fail, not overwrite).
/// </summary>
public sealed class OperatorAutopilotSetConfigCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _cleanup;
    private readonly Core.Flags.FlagValue<ulong> _maxTrailing;
    private readonly Core.Flags.FlagValue<ulong> _minQuorum;
    private readonly Core.Flags.FlagValue<TimeSpan> _lastContact;
    private readonly Core.Flags.FlagValue<TimeSpan> _stabilization;
    private readonly Core.Flags.FlagValue<string?> _zoneTag;
    private readonly Core.Flags.FlagValue<string?> _disableMigration;
    private readonly Core.Flags.FlagValue<string?> _versionTag;

    public OperatorAutopilotSetConfigCommand()
        : base("operator autopilot set-config", serverFlags: true)
    {
        _cleanup = Flags.String("cleanup-dead-servers", null, "Controls whether Consul will automatically remove dead servers when new ones are successfully added. Must be one of `true|false`.");
        _maxTrailing = Flags.UInt64("max-trailing-logs", 0, "Controls the maximum number of log entries that a server can trail the leader by before being considered unhealthy.");
        _minQuorum = Flags.UInt64("min-quorum", 0, "Sets the minimum number of servers required in a cluster before autopilot is allowed to prune dead servers.");
        _lastContact = Flags.Duration("last-contact-threshold", TimeSpan.Zero, "Controls the maximum amount of time a server can go without contact from the leader before being considered unhealthy. Must be a duration value such as `200ms`.");
        _stabilization = Flags.Duration("server-stabilization-time", TimeSpan.Zero, "Controls the minimum amount of time a server must be stable in the 'healthy' state before being added to the cluster. Only takes effect if all servers are running Raft protocol version 3 or higher. Must be a duration value such as `10s`.");
        _zoneTag = Flags.String("redundancy-zone-tag", null, "(Enterprise-only) Controls the node_meta tag name used for separating servers into different redundancy zones.");
        _disableMigration = Flags.String("disable-upgrade-migration", null, "(Enterprise-only) Controls whether Consul will avoid promoting new servers until it can perform a migration. Must be one of `true|false`.");
        _versionTag = Flags.String("upgrade-version-tag", null, "(Enterprise-only) The node_meta tag to use for version info when performing upgrade migrations. If left blank, the Consul version will be used.");
    }

    public override string Synopsis => "Modify the current Autopilot configuration";

    protected override string UsageText => """
        Usage: consul operator autopilot set-config [options]

          Modifies the current Autopilot configuration.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in new[] { ("cleanup-dead-servers", _cleanup.Value), ("disable-upgrade-migration", _disableMigration.Value) })
        {
            if (Flags.IsSet(name) && ParseBool(value) is null)
            {
                await context.Err.WriteLineAsync($"Failed to parse args: invalid value \"{value}\" for flag -{name}: parse error").ConfigureAwait(false);
                return 1;
            }
        }

        using var client = Client(context);
        ConsulResponse current;
        try
        {
            current = await client.GetAsync("/v1/operator/autopilot/configuration", cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error querying Autopilot configuration: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using var doc = JsonDocument.Parse(current.Body);
        var c = doc.RootElement;
        var modifyIndex = c.GetProperty("ModifyIndex").GetUInt64();
        var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteBoolean("CleanupDeadServers", Flags.IsSet("cleanup-dead-servers") ? ParseBool(_cleanup.Value)!.Value : c.GetProperty("CleanupDeadServers").GetBoolean());
            w.WriteString("LastContactThreshold", Flags.IsSet("last-contact-threshold") ? GoDuration.Format(_lastContact.Value) : c.GetProperty("LastContactThreshold").GetString());
            w.WriteNumber("MaxTrailingLogs", Flags.IsSet("max-trailing-logs") ? _maxTrailing.Value : c.GetProperty("MaxTrailingLogs").GetUInt64());
            w.WriteNumber("MinQuorum", Flags.IsSet("min-quorum") ? _minQuorum.Value : c.GetProperty("MinQuorum").GetUInt64());
            w.WriteString("ServerStabilizationTime", Flags.IsSet("server-stabilization-time") ? GoDuration.Format(_stabilization.Value) : c.GetProperty("ServerStabilizationTime").GetString());
            w.WriteString("RedundancyZoneTag", Flags.IsSet("redundancy-zone-tag") ? _zoneTag.Value : c.GetProperty("RedundancyZoneTag").GetString());
            w.WriteBoolean("DisableUpgradeMigration", Flags.IsSet("disable-upgrade-migration") ? ParseBool(_disableMigration.Value)!.Value : c.GetProperty("DisableUpgradeMigration").GetBoolean());
            w.WriteString("UpgradeVersionTag", Flags.IsSet("upgrade-version-tag") ? _versionTag.Value : c.GetProperty("UpgradeVersionTag").GetString());
            w.WriteNumber("ModifyIndex", modifyIndex);
            w.WriteEndObject();
        }

        ConsulResponse res;
        try
        {
            res = await client.PutAsync("/v1/operator/autopilot/configuration?cas=" + modifyIndex.ToString(CultureInfo.InvariantCulture), body.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error setting Autopilot configuration: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        if (Encoding.UTF8.GetString(res.Body).Contains("true", StringComparison.Ordinal))
        {
            await context.Out.WriteLineAsync("Configuration updated!").ConfigureAwait(false);
            return 0;
        }

        await context.Out.WriteLineAsync("Configuration could not be atomically updated, please try again").ConfigureAwait(false);
        return 1;
    }

    /// <summary>Go's <c>strconv.ParseBool</c>.</summary>
    private static bool? ParseBool(string? s) => s switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };
}
