using System.Globalization;
using ConsulSharp.Cli.Commands.Kv;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Lock;

/// <summary>
/// Go's <c>api.Lock</c>: a session acquires <c>key</c> (flags <see cref="LockFlagValue"/>); waiters block on the key's
/// index while it is held and retry every 5 s while a lock-delay is in force; the holder watches the key with
/// consistent blocking reads and counts the hold as lost when its session no longer holds it.
/// </summary>
internal sealed class ConsulLock(ConsulHttpClient client, string key, string sessionName, bool tryOnce, TimeSpan waitTime, int monitorRetries, TimeSpan monitorRetryTime) : ILockHandle
{
    public const ulong LockFlagValue = 0x2ddccbc058a50c18;
    private static readonly TimeSpan RetryTime = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _monitorStop = new();
    private LockSession? _session;
    private Task? _monitor;
    private CancellationTokenSource? _lost;

    public async Task<CancellationToken?> AcquireAsync(CancellationToken stop)
    {
        try
        {
            _session = await LockSession.CreateAsync(client, sessionName, stop).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            throw new LockException($"failed to create session: {ex.Message}", ex);
        }

        var held = false;
        try
        {
            held = await WaitForLockAsync(_session.Id, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (!held)
            {
                await _session.DisposeAsync().ConfigureAwait(false);
                _session = null;
            }
        }

        if (!held)
        {
            return null;
        }

        _lost = new CancellationTokenSource();
        _monitor = MonitorAsync(_session!.Id, _lost);
        return _lost.Token;
    }

    public void Dispose()
    {
        _monitorStop.Dispose();
        _lost?.Dispose();
    }

    public async Task ReleaseAsync(CancellationToken ct)
    {
        await _monitorStop.CancelAsync().ConfigureAwait(false);
        if (_monitor is not null)
        {
            await _monitor.ConfigureAwait(false);
        }

        if (_session is null)
        {
            throw new LockException("Lock not held");
        }

        try
        {
            await KvApi.BoolAsync(client, HttpMethod.Put, key, KvApi.Q(("flags", KvApi.Flags(LockFlagValue)), ("release", _session.Id)), [], ct).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            throw new LockException($"failed to release lock: {ex.Message}", ex);
        }
        finally
        {
            await _session.DisposeAsync().ConfigureAwait(false);
            _session = null;
        }
    }

    public async Task<bool> CleanupAsync(CancellationToken ct)
    {
        var (pairs, _) = await KvApi.ListAsync(client, key, "", ct).ConfigureAwait(false);
        if (pairs is not { Count: > 0 })
        {
            return true;
        }

        var pair = pairs[0];
        if (pair.Flags != LockFlagValue)
        {
            throw new LockException("Existing key does not match lock use");
        }

        if (pair.Session.Length > 0)
        {
            return false;
        }

        return await KvApi.BoolAsync(client, HttpMethod.Delete, key, "?cas=" + pair.ModifyIndex.ToString(CultureInfo.InvariantCulture), null, ct).ConfigureAwait(false);
    }

    private async Task<bool> WaitForLockAsync(string session, CancellationToken stop)
    {
        var start = System.Diagnostics.Stopwatch.StartNew();
        var wait = waitTime;
        ulong waitIndex = 0;
        var attempts = 0;
        while (!stop.IsCancellationRequested)
        {
            if (tryOnce && attempts > 0)
            {
                var elapsed = start.Elapsed;
                if (elapsed > waitTime)
                {
                    return false;
                }

                wait = waitTime - elapsed;
            }

            attempts++;
            List<KvPair>? pairs;
            ulong index;
            try
            {
                (pairs, index) = await KvApi.ListAsync(client, key, BlockingQuery(waitIndex, wait), stop).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                throw new LockException($"failed to read lock: {ex.Message}", ex);
            }

            var pair = pairs?.FirstOrDefault();
            if (pair is not null && pair.Flags != LockFlagValue)
            {
                throw new LockException("Existing key does not match lock use");
            }

            if (pair is not null && pair.Session == session)
            {
                return true;
            }

            if (pair is not null && pair.Session.Length > 0)
            {
                waitIndex = index;
                continue;
            }

            bool locked;
            try
            {
                locked = await KvApi.BoolAsync(client, HttpMethod.Put, key, KvApi.Q(("flags", KvApi.Flags(LockFlagValue)), ("acquire", session)), [], stop).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                throw new LockException($"failed to acquire lock: {ex.Message}", ex);
            }

            if (locked)
            {
                return true;
            }

            // Why did it fail? Held by someone: block on it. Free: a lock-delay is in force, so retry after a pause.
            (pairs, index) = await KvApi.ListAsync(client, key, "", stop).ConfigureAwait(false);
            if (pairs?.FirstOrDefault() is { Session.Length: > 0 })
            {
                waitIndex = index;
                continue;
            }

            waitIndex = 0;
            await Task.Delay(RetryTime, stop).ConfigureAwait(false);
        }

        return false;
    }

    private async Task MonitorAsync(string session, CancellationTokenSource lost)
    {
        ulong index = 0;
        var retries = monitorRetries;
        try
        {
            while (!_monitorStop.IsCancellationRequested)
            {
                List<KvPair>? pairs;
                try
                {
                    (pairs, var next) = await KvApi.ListAsync(client, key, "?consistent" + (index > 0 ? "&index=" + index.ToString(CultureInfo.InvariantCulture) : ""), _monitorStop.Token).ConfigureAwait(false);
                    index = next;
                }
                catch (ConsulApiException ex) when (retries > 0 && ex.StatusCode is 500 or 0)
                {
                    retries--;
                    index = 0;
                    await Task.Delay(monitorRetryTime, _monitorStop.Token).ConfigureAwait(false);
                    continue;
                }

                retries = monitorRetries;
                if (pairs?.FirstOrDefault() is { } p && p.Session == session)
                {
                    continue;
                }

                await lost.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException) when (_monitorStop.IsCancellationRequested)
        {
        }
        catch (ConsulApiException)
        {
            await lost.CancelAsync().ConfigureAwait(false);
        }
    }

    internal static string BlockingQuery(ulong index, TimeSpan wait) =>
        index == 0 ? "" : $"?index={index.ToString(CultureInfo.InvariantCulture)}&wait={((long)Math.Max(1, wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture)}ms";
}
