using System.Net;
using System.Text.Json;
using ConsulSharp.Agent.Checks;
using ConsulSharp.Core;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Local;

/// <summary>
/// The agent's service and check registry (Consul <c>agent.AddService</c>/<c>AddCheck</c> and friends): validates
/// definitions with Consul's texts, applies Consul's defaults, writes <see cref="LocalState"/>, starts and stops check
/// runners, handles maintenance mode and reaps services whose checks stayed critical too long. Validation happens
/// before anything is registered, so a rejected definition leaves no trace.
/// </summary>
public sealed class LocalAgent : IAsyncDisposable
{
    public const string NodeMaintenanceCheckId = "_node_maintenance";
    public const string ServiceMaintenancePrefix = "_service_maintenance:";
    public const string DefaultNodeMaintenanceReason = "Maintenance mode is enabled for this node, but no reason was provided. This is a default message.";
    public const string DefaultServiceMaintenanceReason = "Maintenance mode is enabled for this service, but no reason was provided. This is a default message.";
    public static readonly TimeSpan ReapInterval = TimeSpan.FromSeconds(30);

    private readonly ConsulAgent _agent;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private readonly Task _reaper;
    private readonly AgentPersistence? _persistence;

    public LocalAgent(ConsulAgent agent, LocalState state, CheckManager checks, ILoggerFactory loggers, AgentPersistence? persistence = null)
    {
        _agent = agent;
        _persistence = persistence;
        State = state;
        Checks = checks;
        _log = loggers.CreateLogger("agent");
        Checks.Updated += checkId => { _ = ReapAsync(_stop.Token); };
        _reaper = Task.Run(() => ReapLoopAsync(_stop.Token), CancellationToken.None);
    }

    public LocalState State { get; }

    public CheckManager Checks { get; }

    public string NodeName => _agent.Config.NodeName;

    /// <summary>Registers (or replaces) a service and its checks. <paramref name="fromConfigFile"/> selects which
    /// script-check switch applies (<c>enable_local_script_checks</c> vs <c>enable_script_checks</c>).
    /// <paramref name="persistJson"/>, when given, is the definition as registered through the API: it is written to
    /// the data dir so the service comes back after a restart (<see cref="AgentPersistence"/>).</summary>
    public async Task AddServiceAsync(ServiceDefinition def, bool replaceExistingChecks, bool fromConfigFile, CancellationToken cancellationToken, string? persistJson = null)
    {
        ValidateService(def, fromConfigFile);
        var serviceId = def.EffectiveId;
        var all = def.AllChecks;
        var service = new ServiceInstance
        {
            Node = NodeName,
            Id = serviceId,
            Name = def.Name,
            Kind = def.Kind,
            Tags = def.Tags.ToList(),
            Address = def.Address,
            TaggedAddresses = def.TaggedAddresses.ToDictionary(StringComparer.Ordinal),
            Meta = def.Meta.ToDictionary(StringComparer.Ordinal),
            Port = def.Port,
            Weights = def.Weights ?? ServiceWeights.Default,
            EnableTagOverride = def.EnableTagOverride,
        };

        var checks = new List<(HealthCheck Check, CheckDefinition Def)>();
        for (var i = 0; i < all.Count; i++)
        {
            var c = all[i];
            var checkId = c.CheckId.Length > 0 ? c.CheckId
                : all.Count > 1 ? $"service:{serviceId}:{i + 1}"
                : $"service:{serviceId}";
            var name = c.Name.Length > 0 ? c.Name : $"Service '{def.Name}' check";
            checks.Add((ToHealthCheck(c with { CheckId = checkId, Name = name }, service), c with { CheckId = checkId, Name = name }));
        }

        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (replaceExistingChecks)
            {
                foreach (var old in State.ServiceChecks(serviceId))
                {
                    if (!old.CheckId.StartsWith(ServiceMaintenancePrefix, StringComparison.Ordinal) && checks.All(c => c.Check.CheckId != old.CheckId))
                    {
                        await RemoveCheckCoreAsync(old.CheckId).ConfigureAwait(false);
                    }
                }
            }

            State.AddService(service, def.Token);
            foreach (var (check, cdef) in checks)
            {
                await AddCheckCoreAsync(check, cdef, def.Token).ConfigureAwait(false);
            }

            if (persistJson is not null)
            {
                _persistence?.SaveService(serviceId, persistJson);
            }
            else if (fromConfigFile)
            {
                // A config-file definition replaces one registered earlier through the API (Consul purges it).
                _persistence?.RemoveService(serviceId);
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Re-registers the services and checks persisted by earlier API registrations (Consul <c>loadServices</c> /
    /// <c>loadChecks</c> with persisted state). Runs after the config-file definitions are loaded: a persisted
    /// definition whose ID a config file now defines is dropped. A file that cannot be decoded is logged and skipped.
    /// </summary>
    public async Task RestorePersistedAsync(CancellationToken cancellationToken)
    {
        if (_persistence is not { Enabled: true } p)
        {
            return;
        }

        foreach (var (file, json) in p.Services())
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                var def = DefinitionDecoder.DecodeService(doc.RootElement);
                if (State.Service(def.EffectiveId) is not null)
                {
                    p.RemoveService(def.EffectiveId);
                    continue;
                }

                await AddServiceAsync(def, replaceExistingChecks: false, fromConfigFile: false, cancellationToken).ConfigureAwait(false);
                Log.RestoredService(_log, def.EffectiveId);
            }
            catch (Exception ex) when (ex is JsonException or DefinitionException or ConsulException)
            {
                Log.RestoreFailed(_log, file, ex.Message);
            }
        }

        foreach (var (file, json) in p.Checks())
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                if (await RestoreMaintenanceAsync(doc.RootElement, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var def = DefinitionDecoder.DecodeCheck(doc.RootElement);
                var id = def.CheckId.Length > 0 ? def.CheckId : def.Name;
                if (State.Check(id) is not null)
                {
                    p.RemoveCheck(id);
                    continue;
                }

                if (def.ServiceId.Length > 0 && State.Service(def.ServiceId) is null)
                {
                    // Its service is no longer registered (a config file stopped defining it): Consul drops the check.
                    p.RemoveCheck(id);
                    continue;
                }

                await AddCheckAsync(def, fromConfigFile: false, cancellationToken).ConfigureAwait(false);
                Log.RestoredCheck(_log, id);
            }
            catch (Exception ex) when (ex is JsonException or DefinitionException or ConsulException)
            {
                Log.RestoreFailed(_log, file, ex.Message);
            }
        }
    }

    /// <summary>Every check <see cref="AddServiceAsync"/> makes before registering anything (Consul's texts; throws
    /// <see cref="ConsulException"/>), so a caller can validate a batch of definitions before applying any.</summary>
    public void ValidateService(ServiceDefinition def, bool fromConfigFile)
    {
        ArgumentNullException.ThrowIfNull(def);
        if (def.Name.Length == 0)
        {
            throw ConsulException.BadRequest("Missing service name");
        }

        if (def.Address.Length > 0 && IPAddress.TryParse(def.Address, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
        {
            throw ConsulException.BadRequest("Invalid service address");
        }

        if (ValidateMeta(def.Meta) is { } metaError)
        {
            throw ConsulException.BadRequest("Invalid Service Meta: " + metaError);
        }

        if (def.Weights is { } w)
        {
            if (w.Passing <= 0)
            {
                throw ConsulException.BadRequest("Invalid Weights: Passing must be greater than 0");
            }

            if (w.Warning < 0)
            {
                throw ConsulException.BadRequest("Invalid Weights: Warning must be greater or equal than 0");
            }

            if (w.Passing > 65535 || w.Warning > 65535)
            {
                throw ConsulException.BadRequest("Invalid Weights: DNS Weight must be between 0 and 65535");
            }
        }

        foreach (var c in def.AllChecks)
        {
            if (c.Status.Length > 0 && c.Status is not (HealthStatus.Passing or HealthStatus.Warning or HealthStatus.Critical))
            {
                throw ConsulException.BadRequest("Status for checks must 'passing', 'warning', 'critical'");
            }

            if (c.Validate() is { } err)
            {
                throw ConsulException.BadRequest("Invalid check: " + err);
            }

            EnsureRunnable(c, fromConfigFile);
        }
    }

    /// <summary>The checks <see cref="AddCheckAsync"/> makes before registering, except that its service exists.</summary>
    public void ValidateCheck(CheckDefinition def, bool fromConfigFile)
    {
        ArgumentNullException.ThrowIfNull(def);
        if (def.Name.Length == 0)
        {
            throw ConsulException.BadRequest("Missing check name");
        }

        if (def.Status.Length > 0 && def.Status is not (HealthStatus.Passing or HealthStatus.Warning or HealthStatus.Critical))
        {
            throw ConsulException.BadRequest("Bad check status");
        }

        if (def.Validate() is { } err)
        {
            throw ConsulException.BadRequest("Invalid check: " + err);
        }

        EnsureRunnable(def, fromConfigFile);
    }

    /// <summary>The check IDs <see cref="AddServiceAsync"/> gives a service's checks: their own, else
    /// <c>service:&lt;id&gt;</c> (<c>service:&lt;id&gt;:&lt;n&gt;</c> when there are several).</summary>
    public static IReadOnlyList<string> ServiceCheckIds(ServiceDefinition def)
    {
        ArgumentNullException.ThrowIfNull(def);
        var all = def.AllChecks;
        var serviceId = def.EffectiveId;
        return all.Select((c, i) => c.CheckId.Length > 0 ? c.CheckId : all.Count > 1 ? $"service:{serviceId}:{i + 1}" : $"service:{serviceId}").ToList();
    }

    /// <summary>Deregisters a service and its checks; 404 with Consul's text when unknown.</summary>
    public async Task RemoveServiceAsync(string serviceId, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (State.Service(serviceId) is null)
            {
                throw ConsulException.NotFound($"Unknown service ID \"{serviceId}\". Ensure that the service ID is passed, not the service name.");
            }

            foreach (var c in State.ServiceChecks(serviceId))
            {
                await RemoveCheckCoreAsync(c.CheckId).ConfigureAwait(false);
            }

            State.RemoveService(serviceId);
            _persistence?.RemoveService(serviceId);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Registers a check (CheckDefinition body). Its ID defaults to its name.</summary>
    public async Task AddCheckAsync(CheckDefinition def, bool fromConfigFile, CancellationToken cancellationToken, string? persistJson = null)
    {
        ValidateCheck(def, fromConfigFile);
        ServiceInstance? service = null;
        if (def.ServiceId.Length > 0 && (service = State.Service(def.ServiceId)) is null)
        {
            throw ConsulException.NotFound($"ServiceID \"{def.ServiceId}\" does not exist");
        }

        def = def with { CheckId = def.CheckId.Length > 0 ? def.CheckId : def.Name };
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AddCheckCoreAsync(ToHealthCheck(def, service), def, def.Token).ConfigureAwait(false);
            if (persistJson is not null)
            {
                _persistence?.SaveCheck(def.CheckId, persistJson);
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task RemoveCheckAsync(string checkId, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (State.Check(checkId) is null)
            {
                throw UnknownCheck(checkId);
            }

            await RemoveCheckCoreAsync(checkId).ConfigureAwait(false);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>The pass/warn/fail/update endpoints: only TTL checks accept them.</summary>
    public void UpdateTtl(string checkId, string status, string output)
    {
        if (State.Check(checkId) is null)
        {
            throw UnknownCheck(checkId);
        }

        var (stored, ttl) = Checks.UpdateTtl(checkId, status, output);
        _persistence?.SaveCheckState(checkId, status, stored, _agent.Time.GetUtcNow() + ttl);
    }

    public async Task SetServiceMaintenanceAsync(string serviceId, bool enable, string reason, CancellationToken cancellationToken)
    {
        var service = State.Service(serviceId) ?? throw ConsulException.NotFound($"Unknown service ID \"{serviceId}\". Ensure that the service ID is passed, not the service name.");
        var checkId = ServiceMaintenancePrefix + serviceId;
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!enable)
            {
                if (State.RemoveCheck(checkId))
                {
                    Log.ServiceMaintenanceOff(_log, serviceId);
                }

                _persistence?.RemoveCheck(checkId);
                return;
            }

            if (State.Check(checkId) is not null)
            {
                return;
            }

            State.AddCheck(new HealthCheck
            {
                Node = NodeName,
                CheckId = checkId,
                Name = "Service Maintenance Mode",
                Notes = reason.Length > 0 ? reason : DefaultServiceMaintenanceReason,
                ServiceId = service.Id,
                ServiceName = service.Name,
                ServiceTags = service.Tags,
                Status = HealthStatus.Critical,
                Type = "maintenance",
            }, "", TimeSpan.Zero);
            _persistence?.SaveCheck(checkId, MaintenanceJson(checkId, serviceId, reason));
            Log.ServiceMaintenanceOn(_log, serviceId);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task SetNodeMaintenanceAsync(bool enable, string reason, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!enable)
            {
                if (State.RemoveCheck(NodeMaintenanceCheckId))
                {
                    Log.NodeMaintenanceOff(_log);
                }

                _persistence?.RemoveCheck(NodeMaintenanceCheckId);
                return;
            }

            if (State.Check(NodeMaintenanceCheckId) is not null)
            {
                return;
            }

            State.AddCheck(new HealthCheck
            {
                Node = NodeName,
                CheckId = NodeMaintenanceCheckId,
                Name = "Node Maintenance Mode",
                Notes = reason.Length > 0 ? reason : DefaultNodeMaintenanceReason,
                Status = HealthStatus.Critical,
                Type = "maintenance",
            }, "", TimeSpan.Zero);
            _persistence?.SaveCheck(NodeMaintenanceCheckId, MaintenanceJson(NodeMaintenanceCheckId, "", reason));
            Log.NodeMaintenanceOn(_log);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>A maintenance check as persisted: Consul persists maintenance like any API check, so it survives a
    /// restart; <see cref="RestorePersistedAsync"/> turns it back into maintenance mode with the same reason.</summary>
    private static string MaintenanceJson(string checkId, string serviceId, string reason) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CheckID"] = checkId,
            ["ServiceID"] = serviceId,
            ["Reason"] = reason,
        }, MaintenanceJsonContext.Default.DictionaryStringString);

    /// <summary>Restores a persisted maintenance check; false when <paramref name="doc"/> is not one.</summary>
    private async Task<bool> RestoreMaintenanceAsync(JsonElement doc, CancellationToken cancellationToken)
    {
        if (doc.ValueKind != JsonValueKind.Object || !doc.TryGetProperty("CheckID", out var idElement) || idElement.GetString() is not { } id ||
            !doc.TryGetProperty("Reason", out var reasonElement) || reasonElement.GetString() is not { } reason)
        {
            return false;
        }

        if (id == NodeMaintenanceCheckId)
        {
            await SetNodeMaintenanceAsync(true, reason, cancellationToken).ConfigureAwait(false);
            Log.RestoredCheck(_log, id);
            return true;
        }

        if (!id.StartsWith(ServiceMaintenancePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var serviceId = id[ServiceMaintenancePrefix.Length..];
        if (State.Service(serviceId) is null)
        {
            _persistence?.RemoveCheck(id); // the service is gone (a config file stopped defining it)
        }
        else
        {
            await SetServiceMaintenanceAsync(serviceId, true, reason, cancellationToken).ConfigureAwait(false);
            Log.RestoredCheck(_log, id);
        }

        return true;
    }

    /// <summary>Deregisters services whose check has been critical longer than its DeregisterCriticalServiceAfter.</summary>
    public async Task ReapAsync(CancellationToken cancellationToken)
    {
        foreach (var (serviceId, checkId, timeout) in State.CriticalTooLong())
        {
            if (State.Service(serviceId) is null)
            {
                continue;
            }

            Log.ReapingService(_log, serviceId, checkId, GoDuration.Format(timeout));
            try
            {
                await RemoveServiceAsync(serviceId, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulException)
            {
                // Removed concurrently.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reaper.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await Checks.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _writes.Dispose();
    }

    /// <summary>Consul's node/service meta rules; null when valid.</summary>
    public static string? ValidateMeta(IReadOnlyDictionary<string, string> meta)
    {
        if (meta.Count > 64)
        {
            return "Node metadata cannot contain more than 64 key/value pairs";
        }

        foreach (var (k, v) in meta)
        {
            string? e = k.Length == 0 ? "Key cannot be blank"
                : !k.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-') ? "Key contains invalid characters"
                : k.Length > 128 ? "Key is too long (limit: 128 characters)"
                : k.StartsWith("consul-", StringComparison.Ordinal) ? "Key prefix 'consul-' is reserved for internal use"
                : v.Length > 512 ? "Value is too long (limit: 512 characters)"
                : null;
            if (e is not null)
            {
                return $"Couldn't load metadata pair ('{k}', '{v}'): {e}";
            }
        }

        return null;
    }

    private static ConsulException UnknownCheck(string checkId) =>
        ConsulException.NotFound($"Unknown check ID \"{checkId}\". Ensure that the check ID is passed, not the check name.");

    /// <summary>Refuses checks this agent may not or cannot run, before anything is registered.</summary>
    private void EnsureRunnable(CheckDefinition c, bool fromConfigFile)
    {
        var type = c.Type;
        if (type is "script" or "docker")
        {
            var config = _agent.Config;
            if (fromConfigFile && !(config.EnableLocalScriptChecks || config.EnableScriptChecks))
            {
                throw ConsulException.Internal("Scripts are disabled on this agent; to enable, configure 'enable_script_checks' or 'enable_local_script_checks' to true");
            }

            if (!fromConfigFile && !config.EnableScriptChecks)
            {
                throw ConsulException.Internal("Scripts are disabled on this agent from remote calls; to enable, configure 'enable_script_checks' to true");
            }
        }

        if (type == "docker" && DockerCheck.DaemonSocket() is null)
        {
            throw ConsulException.Internal("Failed to create Docker client: no Docker daemon socket at /var/run/docker.sock (set DOCKER_HOST)");
        }

        if (type == "os_service")
        {
            throw ConsulException.Internal("OSService checks are not supported by this agent");
        }
    }

    private async Task AddCheckCoreAsync(HealthCheck check, CheckDefinition def, string token)
    {
        await Checks.StopAsync(check.CheckId).ConfigureAwait(false);
        State.AddCheck(check, token, def.DeregisterCriticalServiceAfter);
        await Checks.StartAsync(check.CheckId, def).ConfigureAwait(false);
        if (def.Ttl > TimeSpan.Zero && _persistence?.LoadCheckState(check.CheckId, _agent.Time.GetUtcNow()) is { } saved)
        {
            // The status it was given before a restart, while that is still within its TTL (Consul's loadCheckState).
            _ = Checks.UpdateTtl(check.CheckId, saved.Status, saved.Output);
            Log.RestoredCheckState(_log, check.CheckId, saved.Status);
        }
    }

    private async Task RemoveCheckCoreAsync(string checkId)
    {
        await Checks.StopAsync(checkId).ConfigureAwait(false);
        State.RemoveCheck(checkId);
        _persistence?.RemoveCheck(checkId);
        _persistence?.RemoveCheckState(checkId);
    }

    private HealthCheck ToHealthCheck(CheckDefinition c, ServiceInstance? service) => new()
    {
        Node = NodeName,
        CheckId = c.CheckId,
        Name = c.Name,
        Status = c.Status.Length > 0 ? c.Status : HealthStatus.Critical,
        Notes = c.Notes,
        ServiceId = service?.Id ?? "",
        ServiceName = service?.Name ?? "",
        ServiceTags = service?.Tags ?? [],
        Type = c.Type,
        Interval = DefinitionDecoder.FormatDuration(c.Interval),
        Timeout = DefinitionDecoder.FormatDuration(c.Timeout),
        Definition = new HealthCheckDefinition
        {
            Http = c.Http,
            TlsServerName = c.TlsServerName,
            TlsSkipVerify = c.TlsSkipVerify,
            Header = c.Header,
            Method = c.Method,
            Body = c.Body,
            Tcp = c.Tcp,
            Grpc = c.Grpc,
            GrpcUseTls = c.GrpcUseTls,
            Interval = DefinitionDecoder.FormatDuration(c.Interval),
            Timeout = DefinitionDecoder.FormatDuration(c.Timeout),
            DeregisterCriticalServiceAfter = DefinitionDecoder.FormatDuration(c.DeregisterCriticalServiceAfter),
        },
    };

    private async Task ReapLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(ReapInterval, _agent.Time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await ReapAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
