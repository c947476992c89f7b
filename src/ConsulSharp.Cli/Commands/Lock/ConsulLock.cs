using System.Globalization;
using ConsulSharp.Cli.Commands.Kv;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Lock;

/// <summary>
/// Go's <c>api.Lock</c>: a session acquires <c>key</c> (flags <see cref="LockFlagValue"/>); waiters block on the key's
/// index while it is held and retry every 5 s while a lock-delay is in force; the holder watches the key with
/// consistent blocking reads and counts the hold as lost when its session no longer holds it.
/// </summary>
internal sealed class ConsulLock(ConsulHttpClient client, string key, string sessionName, bool tryOnce, TimeSpan waitTime, int monitorRetries, TimeSpan monitorRetryTime)
    : SessionHeldHandle(client, sessionName, monitorRetries, monitorRetryTime)
{
    public const ulong LockFlagValue = 0x2ddccbc058a50c18;
    private static readonly TimeSpan RetryTime = TimeSpan.FromSeconds(5);

    protected override string MonitorKey => key;

    protected override string MonitorQuery => "?consistent";

    public override async Task ReleaseAsync(CancellationToken ct)
    {
        var session = await StopMonitorAsync("Lock not held").ConfigureAwait(false);
        try
        {
            await KvApi.BoolAsync(Client, HttpMethod.Put, key, KvApi.Q(("flags", KvApi.Flags(LockFlagValue)), ("release", session.Id)), [], ct).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            throw new LockException($"failed to release lock: {ex.Message}", ex);
        }
        finally
        {
            await EndSessionAsync().ConfigureAwait(false);
        }
    }

    public override async Task<bool> CleanupAsync(CancellationToken ct)
    {
        var (pairs, _) = await KvApi.ListAsync(Client, key, "", ct).ConfigureAwait(false);
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

        return await KvApi.BoolAsync(Client, HttpMethod.Delete, key, "?cas=" + pair.ModifyIndex.ToString(CultureInfo.InvariantCulture), null, ct).ConfigureAwait(false);
    }

    protected override async Task<bool> WaitForHoldAsync(string session, CancellationToken stop)
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
                (pairs, index) = await KvApi.ListAsync(Client, key, BlockingQuery(waitIndex, wait), stop).ConfigureAwait(false);
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
                locked = await KvApi.BoolAsync(Client, HttpMethod.Put, key, KvApi.Q(("flags", KvApi.Flags(LockFlagValue)), ("acquire", session)), [], stop).ConfigureAwait(false);
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
            (pairs, index) = await KvApi.ListAsync(Client, key, "", stop).ConfigureAwait(false);
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

    protected override bool StillHeld(List<KvPair> pairs, string session) => pairs.FirstOrDefault() is { } p && p.Session == session;
}
