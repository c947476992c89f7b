using ConsulSharp.Agent.Config;
using ConsulSharp.Core.Errors;

namespace ConsulSharp.Agent.Local;

/// <summary>
/// The services and checks defined in config files (Consul <c>loadServices</c>/<c>loadChecks</c> at start and on
/// reload). Remembers which IDs came from config, so a reload applies the difference: services and checks that are new
/// or changed are (re-)registered, those gone from the config are deregistered, unchanged ones keep running (their
/// check status is kept), and everything registered through the API is left alone. Every definition is validated
/// before anything changes, so an invalid config leaves the agent as it was.
/// </summary>
public sealed class ConfigServices(LocalAgent agent) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, ServiceDefinition> _services = new(StringComparer.Ordinal);
    private Dictionary<string, CheckDefinition> _checks = new(StringComparer.Ordinal);

    /// <summary>IDs of the services currently registered from config.</summary>
    public IReadOnlyCollection<string> ServiceIds => _services.Keys;

    /// <summary>IDs of the top-level checks currently registered from config.</summary>
    public IReadOnlyCollection<string> CheckIds => _checks.Keys;

    /// <summary>
    /// Registers the services and checks of <paramref name="config"/> at start. Throws <see cref="ConfigException"/>
    /// with Consul's texts (<c>Failed to register service "web": ...</c>, <c>Failed to register check 'mem': ...</c>)
    /// before registering anything when a definition is invalid.
    /// </summary>
    public Task LoadAsync(RuntimeConfig config, CancellationToken cancellationToken) => ApplyAsync(config, "", "", cancellationToken);

    /// <summary>
    /// Makes the config-sourced services and checks match <paramref name="config"/> (reload). An invalid definition
    /// throws <see cref="ConfigException"/> (<c>Failed reloading services: ...</c> / <c>Failed reloading checks: ...</c>)
    /// and changes nothing.
    /// </summary>
    public Task ReloadAsync(RuntimeConfig config, CancellationToken cancellationToken) =>
        ApplyAsync(config, "Failed reloading services: ", "Failed reloading checks: ", cancellationToken);

    private async Task ApplyAsync(RuntimeConfig config, string servicesPrefix, string checksPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var services = new Dictionary<string, ServiceDefinition>(StringComparer.Ordinal);
        foreach (var s in config.Services.Select(ToLocal))
        {
            try
            {
                agent.ValidateService(s, fromConfigFile: true);
            }
            catch (ConsulException ex)
            {
                throw new ConfigException($"{servicesPrefix}Failed to register service \"{s.Name}\": {ex.Message}");
            }

            services[s.EffectiveId] = s;
        }

        var checks = new Dictionary<string, CheckDefinition>(StringComparer.Ordinal);
        foreach (var raw in config.Checks.Select(ToLocal))
        {
            var c = raw with { CheckId = raw.CheckId.Length > 0 ? raw.CheckId : raw.Name };
            try
            {
                agent.ValidateCheck(c, fromConfigFile: true);
                if (c.ServiceId.Length > 0 && !services.ContainsKey(c.ServiceId)
                    && (_services.ContainsKey(c.ServiceId) || agent.State.Service(c.ServiceId) is null))
                {
                    throw ConsulException.NotFound($"ServiceID \"{c.ServiceId}\" does not exist");
                }
            }
            catch (ConsulException ex)
            {
                throw new ConfigException($"{checksPrefix}Failed to register check '{c.Name}': {ex.Message}");
            }

            checks[c.CheckId] = c;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ApplyCoreAsync(services, checks, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>A service as written in a config file, as the agent registers it.</summary>
    public static ServiceDefinition ToLocal(Config.ServiceDefinition s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new ServiceDefinition
        {
            Kind = s.Kind,
            Id = s.Id,
            Name = s.Name,
            Tags = s.Tags,
            Address = s.Address,
            TaggedAddresses = s.TaggedAddresses.ToDictionary(kv => kv.Key, kv => new Core.Structs.ServiceAddress(kv.Value.Address, kv.Value.Port), StringComparer.Ordinal),
            Meta = s.Meta,
            Port = s.Port,
            SocketPath = s.SocketPath ?? "",
            Weights = new Core.Structs.ServiceWeights(s.Weights.Passing, s.Weights.Warning),
            EnableTagOverride = s.EnableTagOverride,
            Checks = s.Checks.Select(ToLocal).ToList(),
            Token = s.Token ?? "",
        };
    }

    /// <summary>A check as written in a config file, as the agent registers it (its ID is defaulted at registration).</summary>
    public static CheckDefinition ToLocal(Config.CheckDefinition c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CheckDefinition
        {
            CheckId = c.Id ?? "",
            Name = c.Name ?? "",
            Status = c.Status ?? "",
            Notes = c.Notes ?? "",
            ServiceId = c.ServiceId ?? "",
            Token = c.Token ?? "",
            ScriptArgs = c.Args,
            Http = c.Http ?? "",
            Header = c.Header,
            Method = c.Method ?? "",
            Body = c.Body ?? "",
            DisableRedirects = c.DisableRedirects,
            Tcp = c.Tcp ?? "",
            TcpUseTls = c.TcpUseTls,
            Udp = c.Udp ?? "",
            H2Ping = c.H2Ping ?? "",
            H2PingUseTls = c.H2PingUseTls,
            Grpc = c.Grpc ?? "",
            GrpcUseTls = c.GrpcUseTls,
            OsService = c.OsService ?? "",
            TlsServerName = c.TlsServerName ?? "",
            TlsSkipVerify = c.TlsSkipVerify,
            DockerContainerId = c.DockerContainerId ?? "",
            Shell = c.Shell ?? "",
            AliasNode = c.AliasNode ?? "",
            AliasService = c.AliasService ?? "",
            Interval = c.Interval ?? TimeSpan.Zero,
            Timeout = c.Timeout ?? TimeSpan.Zero,
            Ttl = c.Ttl ?? TimeSpan.Zero,
            DeregisterCriticalServiceAfter = c.DeregisterCriticalServiceAfter ?? TimeSpan.Zero,
            SuccessBeforePassing = c.SuccessBeforePassing,
            FailuresBeforeWarning = c.FailuresBeforeWarning ?? c.FailuresBeforeCritical,
            FailuresBeforeCritical = c.FailuresBeforeCritical,
            OutputMaxSize = c.OutputMaxSize,
        };
    }

    private async Task ApplyCoreAsync(Dictionary<string, ServiceDefinition> services, Dictionary<string, CheckDefinition> checks, CancellationToken cancellationToken)
    {
        // As Consul's reload, a check that is registered again keeps the status and output it had.
        var before = agent.State.Checks().ToDictionary(c => c.CheckId, StringComparer.Ordinal);
        foreach (var id in _checks.Keys.Where(id => !checks.ContainsKey(id)))
        {
            await IgnoreMissingAsync(agent.RemoveCheckAsync(id, cancellationToken)).ConfigureAwait(false);
        }

        foreach (var id in _services.Keys.Where(id => !services.ContainsKey(id)))
        {
            await IgnoreMissingAsync(agent.RemoveServiceAsync(id, cancellationToken)).ConfigureAwait(false);
        }

        var reRegistered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, def) in services)
        {
            if (_services.TryGetValue(id, out var old) && DefinitionEquality.Same(old, def) && agent.State.Service(id) is not null)
            {
                continue;
            }

            // Checks the old definition had and the new one lacks go; checks added through the API stay.
            if (old is not null)
            {
                foreach (var checkId in LocalAgent.ServiceCheckIds(old).Except(LocalAgent.ServiceCheckIds(def), StringComparer.Ordinal))
                {
                    await IgnoreMissingAsync(agent.RemoveCheckAsync(checkId, cancellationToken)).ConfigureAwait(false);
                }
            }

            await agent.AddServiceAsync(def, replaceExistingChecks: false, fromConfigFile: true, cancellationToken).ConfigureAwait(false);
            reRegistered.Add(id);
            foreach (var checkId in LocalAgent.ServiceCheckIds(def))
            {
                Restore(before, checkId);
            }
        }

        foreach (var (id, def) in checks)
        {
            if (_checks.TryGetValue(id, out var old) && DefinitionEquality.Same(old, def) && agent.State.Check(id) is not null
                && !reRegistered.Contains(def.ServiceId))
            {
                continue;
            }

            await agent.AddCheckAsync(def, fromConfigFile: true, cancellationToken).ConfigureAwait(false);
            Restore(before, id);
        }

        _services = services;
        _checks = checks;
    }

    private void Restore(Dictionary<string, Core.Structs.HealthCheck> before, string checkId)
    {
        if (before.TryGetValue(checkId, out var prev))
        {
            agent.State.UpdateCheck(checkId, prev.Status, prev.Output);
        }
    }

    private static async Task IgnoreMissingAsync(Task remove)
    {
        try
        {
            await remove.ConfigureAwait(false);
        }
        catch (ConsulException ex) when (ex.Kind == ConsulErrorKind.NotFound)
        {
            // Already removed (deregistered through the API, or reaped).
        }
    }
}
