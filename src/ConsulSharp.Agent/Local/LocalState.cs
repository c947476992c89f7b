using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Local;

/// <summary>
/// The agent's own services and checks: the agent is authoritative for them, and anti-entropy copies them into the
/// catalog. Every entry carries an in-sync flag; deletions stay as tombstones until anti-entropy removed them from the
/// catalog. Thread-safe (one lock, short critical sections); every change bumps <see cref="Version"/> and wakes
/// <see cref="WaitForChangeAsync"/> waiters (blocking service reads, alias checks, anti-entropy).
/// </summary>
public sealed class LocalState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceEntry> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CheckEntry> _checks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    public LocalState(TimeProvider time) => _time = time;

    public long Version => Interlocked.Read(ref _version);

    public void AddService(ServiceInstance service, string token)
    {
        lock (_gate)
        {
            _services[service.Id] = new ServiceEntry(service, token, InSync: false, Deleted: false);
        }

        NotifyChanged();
    }

    /// <summary>Marks a service deleted (kept until anti-entropy removed it from the catalog). False if unknown.</summary>
    public bool RemoveService(string id)
    {
        lock (_gate)
        {
            if (!_services.TryGetValue(id, out var e) || e.Deleted)
            {
                return false;
            }

            _services[id] = e with { InSync = false, Deleted = true };
        }

        NotifyChanged();
        return true;
    }

    public ServiceInstance? Service(string id)
    {
        lock (_gate)
        {
            return _services.TryGetValue(id, out var e) && !e.Deleted ? e.Service : null;
        }
    }

    public IReadOnlyList<ServiceInstance> Services()
    {
        lock (_gate)
        {
            return _services.Values.Where(e => !e.Deleted).Select(e => e.Service).ToList();
        }
    }

    public void AddCheck(HealthCheck check, string token, TimeSpan deregisterCriticalServiceAfter)
    {
        lock (_gate)
        {
            var since = check.Status == HealthStatus.Critical ? _time.GetUtcNow() : (DateTimeOffset?)null;
            _checks[check.CheckId] = new CheckEntry(check, token, false, false, since, deregisterCriticalServiceAfter);
        }

        NotifyChanged();
    }

    public bool RemoveCheck(string id)
    {
        lock (_gate)
        {
            if (!_checks.TryGetValue(id, out var e) || e.Deleted)
            {
                return false;
            }

            _checks[id] = e with { InSync = false, Deleted = true };
        }

        NotifyChanged();
        return true;
    }

    /// <summary>Sets a check's status and output; no-op (and no change event) when both are unchanged.</summary>
    public bool UpdateCheck(string id, string status, string output)
    {
        lock (_gate)
        {
            if (!_checks.TryGetValue(id, out var e) || e.Deleted)
            {
                return false;
            }

            if (e.Check.Status == status && e.Check.Output == output)
            {
                return true;
            }

            var since = status == HealthStatus.Critical ? e.CriticalSince ?? _time.GetUtcNow() : (DateTimeOffset?)null;
            _checks[id] = e with { Check = e.Check with { Status = status, Output = output }, InSync = false, CriticalSince = since };
        }

        NotifyChanged();
        return true;
    }

    public HealthCheck? Check(string id)
    {
        lock (_gate)
        {
            return _checks.TryGetValue(id, out var e) && !e.Deleted ? e.Check : null;
        }
    }

    public IReadOnlyList<HealthCheck> Checks()
    {
        lock (_gate)
        {
            return _checks.Values.Where(e => !e.Deleted).Select(e => e.Check).ToList();
        }
    }

    public IReadOnlyList<HealthCheck> ServiceChecks(string serviceId)
    {
        lock (_gate)
        {
            return _checks.Values.Where(e => !e.Deleted && e.Check.ServiceId == serviceId).Select(e => e.Check).ToList();
        }
    }

    /// <summary>Services whose check has been critical longer than its <c>DeregisterCriticalServiceAfter</c>.</summary>
    public IReadOnlyList<(string ServiceId, string CheckId, TimeSpan Timeout)> CriticalTooLong()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _checks.Values
                .Where(e => !e.Deleted && e.DeregisterAfter > TimeSpan.Zero && e.Check.ServiceId.Length > 0
                    && e.CriticalSince is { } since && now - since >= e.DeregisterAfter)
                .Select(e => (e.Check.ServiceId, e.Check.CheckId, e.DeregisterAfter))
                .ToList();
        }
    }

    /// <summary>Everything anti-entropy needs, including deleted entries and the sync flags, in one consistent copy.</summary>
    public (IReadOnlyList<ServiceEntry> Services, IReadOnlyList<CheckEntry> Checks) SyncView()
    {
        lock (_gate)
        {
            return (_services.Values.ToList(), _checks.Values.ToList());
        }
    }

    /// <summary>Records that the catalog now holds <paramref name="synced"/> (or, for deletions, nothing): the flag is
    /// only set if the entry was not changed meanwhile.</summary>
    public void MarkServiceSynced(ServiceEntry synced)
    {
        lock (_gate)
        {
            if (_services.TryGetValue(synced.Service.Id, out var e) && ReferenceEquals(e.Service, synced.Service) && e.Deleted == synced.Deleted)
            {
                if (e.Deleted)
                {
                    _services.Remove(synced.Service.Id);
                }
                else
                {
                    _services[synced.Service.Id] = e with { InSync = true };
                }
            }
        }
    }

    public void MarkCheckSynced(CheckEntry synced)
    {
        lock (_gate)
        {
            if (_checks.TryGetValue(synced.Check.CheckId, out var e) && ReferenceEquals(e.Check, synced.Check) && e.Deleted == synced.Deleted)
            {
                if (e.Deleted)
                {
                    _checks.Remove(synced.Check.CheckId);
                }
                else
                {
                    _checks[synced.Check.CheckId] = e with { InSync = true };
                }
            }
        }
    }

    /// <summary>Marks everything out of sync (a full sync found drift, or the catalog was lost).</summary>
    public void MarkServiceOutOfSync(string id)
    {
        lock (_gate)
        {
            if (_services.TryGetValue(id, out var e))
            {
                _services[id] = e with { InSync = false };
            }
        }
    }

    public void MarkCheckOutOfSync(string id)
    {
        lock (_gate)
        {
            if (_checks.TryGetValue(id, out var e))
            {
                _checks[id] = e with { InSync = false };
            }
        }
    }

    /// <summary>Completes when state changes after <paramref name="sinceVersion"/> was read.</summary>
    public Task WaitForChangeAsync(long sinceVersion, CancellationToken cancellationToken)
    {
        Task task;
        lock (_gate)
        {
            if (Version != sinceVersion)
            {
                return Task.CompletedTask;
            }

            task = _changed.Task;
        }

        return task.WaitAsync(cancellationToken);
    }

    private void NotifyChanged()
    {
        TaskCompletionSource fire;
        lock (_gate)
        {
            Interlocked.Increment(ref _version);
            fire = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fire.TrySetResult();
        Changed?.Invoke();
    }

    /// <summary>Raised after every change, outside the lock (anti-entropy's trigger).</summary>
    public event Action? Changed;

    public sealed record ServiceEntry(ServiceInstance Service, string Token, bool InSync, bool Deleted);

    public sealed record CheckEntry(HealthCheck Check, string Token, bool InSync, bool Deleted, DateTimeOffset? CriticalSince, TimeSpan DeregisterAfter);
}
