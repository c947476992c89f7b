using System.Globalization;
using System.Text.Json;
using ConsulSharp.Contracts.Operator;
using ConsulSharp.Core;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Autopilot;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/operator/autopilot/configuration</c> (GET, PUT with <c>?cas</c>), <c>/health</c> (429 when unhealthy) and <c>/state</c>.</summary>
public sealed class OperatorAutopilotEndpoints(AutopilotService autopilot, HttpApiOptions options, Agent.ConsulAgent agent)
{
    public void Register(RouteTable routes)
    {
        routes.Get("/v1/operator/autopilot/configuration", GetConfigAsync);
        routes.Put("/v1/operator/autopilot/configuration", SetConfigAsync);
        routes.Get("/v1/operator/autopilot/health", HealthAsync);
        routes.Get("/v1/operator/autopilot/state", StateAsync);
    }

    /// <summary>operator:read for the reads, operator:write to change the configuration.</summary>
    private static async Task AuthorizeAsync(ApiRequest req, bool write)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (write ? !acl.Authorizer.OperatorWrite() : !acl.Authorizer.OperatorRead())
        {
            throw acl.Denied(write ? "operator:write" : "operator:read", null);
        }
    }

    private async Task GetConfigAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, agent.Config.Datacenter);
        await AuthorizeAsync(req, write: false).ConfigureAwait(false);
        var r = await autopilot.GetConfigAsync(opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, r.Meta);
        var c = r.Value;
        await req.WriteJsonAsync(new AutopilotConfigurationDto
        {
            CleanupDeadServers = c.CleanupDeadServers,
            LastContactThreshold = GoDuration.Format(c.LastContactThreshold),
            MaxTrailingLogs = c.MaxTrailingLogs,
            MinQuorum = c.MinQuorum,
            ServerStabilizationTime = GoDuration.Format(c.ServerStabilizationTime),
            RedundancyZoneTag = c.RedundancyZoneTag,
            DisableUpgradeMigration = c.DisableUpgradeMigration,
            UpgradeVersionTag = c.UpgradeVersionTag,
            CreateIndex = c.CreateIndex,
            ModifyIndex = c.ModifyIndex,
        }).ConfigureAwait(false);
    }

    private async Task SetConfigAsync(ApiRequest req)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), agent.Config.Datacenter);
        var body = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
        AutopilotConfig config;
        try
        {
            config = ParseConfig(body);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            throw ConsulException.BadRequest($"Error parsing autopilot config: {ex.Message}");
        }

        ulong? cas = null;
        if (req.Flag("cas"))
        {
            if (!ulong.TryParse(req.Query("cas"), NumberStyles.None, CultureInfo.InvariantCulture, out var c))
            {
                throw ConsulException.BadRequest($"Error parsing cas value: strconv.ParseUint: parsing \"{req.Query("cas")}\": invalid syntax");
            }

            cas = c;
        }

        await AuthorizeAsync(req, write: true).ConfigureAwait(false);
        var ok = await autopilot.SetConfigAsync(config, cas, req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(ok).ConfigureAwait(false);
    }

    private async Task HealthAsync(ApiRequest req)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), agent.Config.Datacenter);
        await AuthorizeAsync(req, write: false).ConfigureAwait(false);
        var h = await autopilot.HealthAsync(req.Aborted).ConfigureAwait(false);
        var reply = new OperatorHealthReplyDto(h.Healthy, h.FailureTolerance, [.. h.Servers.Select(s => new ServerHealthDto
        {
            ID = s.Id,
            Name = s.Name,
            Address = s.Address,
            SerfStatus = s.SerfStatus,
            Version = s.Version,
            Leader = s.Leader,
            LastContact = LastContact(s.LastContact),
            LastTerm = s.LastTerm,
            LastIndex = s.LastIndex,
            Healthy = s.Healthy,
            Voter = s.Voter,
            StableSince = GoTime(s.StableSince),
        })]);

        // Consul answers 429 when any server is unhealthy, so load balancers can probe this endpoint.
        await req.WriteJsonAsync(reply, h.Healthy ? 200 : 429).ConfigureAwait(false);
    }

    private async Task StateAsync(ApiRequest req)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), agent.Config.Datacenter);
        await AuthorizeAsync(req, write: false).ConfigureAwait(false);
        var h = await autopilot.HealthAsync(req.Aborted).ConfigureAwait(false);
        var servers = new SortedDictionary<string, AutopilotServerDto>(StringComparer.Ordinal);
        foreach (var s in h.Servers)
        {
            servers[s.Id] = new AutopilotServerDto
            {
                ID = s.Id,
                Name = s.Name,
                Address = s.Address,
                NodeStatus = s.SerfStatus,
                Version = s.Version,
                LastContact = LastContact(s.LastContact),
                LastTerm = s.LastTerm,
                LastIndex = s.LastIndex,
                Healthy = s.Healthy,
                StableSince = GoTime(s.StableSince),
                Status = s.Leader ? "leader" : s.Voter ? "voter" : "non-voter",
            };
        }

        await req.WriteJsonAsync(new AutopilotStateDto
        {
            Healthy = h.Healthy,
            FailureTolerance = h.FailureTolerance,
            OptimisticFailureTolerance = h.OptimisticFailureTolerance,
            Servers = servers,
            Leader = h.LeaderId,
            Voters = [.. h.Servers.Where(s => s.Voter).Select(s => s.Id)],
        }).ConfigureAwait(false);
    }

    /// <summary>Consul decodes the body into <c>api.AutopilotConfiguration</c>: absent fields are zero, durations are Go strings or nanoseconds.</summary>
    internal static AutopilotConfig ParseConfig(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("json: cannot unmarshal " + doc.RootElement.ValueKind.ToString().ToLowerInvariant() + " into Go value of type api.AutopilotConfiguration");
        }

        var config = new AutopilotConfig
        {
            CleanupDeadServers = false,
            LastContactThreshold = TimeSpan.Zero,
            MaxTrailingLogs = 0,
            ServerStabilizationTime = TimeSpan.Zero,
        };
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            config = p.Name.ToLowerInvariant() switch
            {
                "cleanupdeadservers" => config with { CleanupDeadServers = p.Value.GetBoolean() },
                "lastcontactthreshold" => config with { LastContactThreshold = Duration(p.Value) },
                "maxtrailinglogs" => config with { MaxTrailingLogs = p.Value.GetUInt64() },
                "minquorum" => config with { MinQuorum = p.Value.GetUInt32() },
                "serverstabilizationtime" => config with { ServerStabilizationTime = Duration(p.Value) },
                "redundancyzonetag" => config with { RedundancyZoneTag = p.Value.GetString() ?? "" },
                "disableupgrademigration" => config with { DisableUpgradeMigration = p.Value.GetBoolean() },
                "upgradeversiontag" => config with { UpgradeVersionTag = p.Value.GetString() ?? "" },
                _ => config,
            };
        }

        return config;
    }

    private static TimeSpan Duration(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => TimeSpan.Zero,
        JsonValueKind.String => GoDuration.TryParse(value.GetString(), out var d) ? d : throw new FormatException($"time: invalid duration \"{value.GetString()}\""),
        _ => TimeSpan.FromTicks((long)(value.GetDouble() / 100)),
    };

    private static string LastContact(TimeSpan? value) => value is { } v ? GoDuration.Format(v) : "-1ns";

    /// <summary>Go's <c>time.Time</c> JSON (RFC 3339 with trimmed nanoseconds, UTC).</summary>
    private static string GoTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
