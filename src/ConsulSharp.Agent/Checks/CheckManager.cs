using System.Collections.Concurrent;
using ConsulSharp.Agent.Local;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Checks;

/// <summary>
/// Owns one runner per check that needs one (TTL, alias and every probing kind), wires runner results through the
/// <see cref="StatusHandler"/> thresholds into <see cref="LocalState"/>, and answers TTL updates.
/// </summary>
public sealed class CheckManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, CheckRunner> _runners = new(StringComparer.Ordinal);
    private readonly LocalState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly string _nodeName;
    private readonly Func<string, IReadOnlyList<HealthCheck>?>? _remoteChecks;

    public CheckManager(LocalState state, TimeProvider time, ILoggerFactory loggers, string nodeName, Func<string, IReadOnlyList<HealthCheck>?>? remoteChecks)
    {
        _state = state;
        _time = time;
        _log = loggers.CreateLogger("agent");
        _nodeName = nodeName;
        _remoteChecks = remoteChecks;
    }

    /// <summary>Raised after a runner's result changed local state (the agent re-evaluates critical-service reaping).</summary>
    public event Action<string>? Updated;

    /// <summary>Starts (or replaces) the runner of <paramref name="checkId"/>; checks without a runner (none) are ignored.</summary>
    public async Task StartAsync(string checkId, CheckDefinition def)
    {
        await StopAsync(checkId).ConfigureAwait(false);
        var type = def.Type;
        var handler = new StatusHandler(def.SuccessBeforePassing, def.FailuresBeforeWarning > 0 ? def.FailuresBeforeWarning : def.FailuresBeforeCritical, def.FailuresBeforeCritical, (s, o) => Update(checkId, s, o));
        var direct = type is "ttl" or "alias";
        var context = new CheckContext(checkId, def, _time, _log, direct ? (s, o) => Update(checkId, s, o) : handler.Report);
        CheckRunner? runner = type switch
        {
            "ttl" => new TtlCheck(context),
            "http" => new HttpCheck(context),
            "tcp" => new TcpCheck(context),
            "udp" => new UdpCheck(context),
            "grpc" => new GrpcCheck(context),
            "h2ping" => new H2PingCheck(context, def.H2PingUseTls ?? true),
            "script" => new ScriptCheck(context, def.ScriptArgs),
            "docker" => new DockerCheck(context),
            "alias" => new AliasCheck(context, _state, _nodeName, _remoteChecks),
            _ => null,
        };
        if (runner is null)
        {
            return;
        }

        _runners[checkId] = runner;
        runner.Start();
    }

    public async Task StopAsync(string checkId)
    {
        if (_runners.TryRemove(checkId, out var old))
        {
            await old.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A TTL update (pass/warn/fail/update endpoints). Throws Consul's error when the check has no TTL.</summary>
    /// <summary>Sets a TTL check's status and re-arms its TTL; returns the output as stored and the TTL.</summary>
    public (string Output, TimeSpan Ttl) UpdateTtl(string checkId, string status, string output)
    {
        if (!_runners.TryGetValue(checkId, out var runner) || runner is not TtlCheck ttl)
        {
            throw ConsulException.Internal($"CheckID \"{checkId}\" does not have associated TTL");
        }

        return (ttl.SetStatus(status, output), ttl.Ttl);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _runners.Keys.ToList())
        {
            await StopAsync(id).ConfigureAwait(false);
        }
    }

    private void Update(string checkId, string status, string output)
    {
        var before = _state.Check(checkId);
        if (before is null || !_state.UpdateCheck(checkId, status, output))
        {
            return;
        }

        if (before.Status != status)
        {
            if (status == HealthStatus.Critical)
            {
                Log.NowCritical(_log, checkId);
            }
            else
            {
                Log.StatusUpdated(_log, checkId, status);
            }
        }

        Updated?.Invoke(checkId);
    }
}
