using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsulSharp.Cli.Commands.Kv;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Lock;

/// <summary>
/// Go's <c>api.Semaphore</c>: each contender holds <c>prefix/&lt;session&gt;</c> with its session; <c>prefix/.lock</c>
/// holds <c>{"Limit":n,"Holders":{"&lt;session&gt;":true}}</c>, updated by check-and-set. Holders whose contender key
/// lost its session are pruned, so a crashed holder frees its slot when its session ends.
/// </summary>
internal sealed class ConsulSemaphore(ConsulHttpClient client, string prefix, int limit, string sessionName, bool tryOnce, TimeSpan waitTime, int monitorRetries, TimeSpan monitorRetryTime) : ILockHandle
{
    public const ulong SemaphoreFlagValue = 0xe0f69a2baa414de0;
    private readonly CancellationTokenSource _monitorStop = new();
    private readonly string _lockKey = KvApi.PathJoin(prefix, ".lock");
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
            var contender = KvApi.PathJoin(prefix, _session.Id);
            bool made;
            try
            {
                made = await KvApi.BoolAsync(client, HttpMethod.Put, contender, KvApi.Q(("flags", KvApi.Flags(SemaphoreFlagValue)), ("acquire", _session.Id)), [], stop).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                throw new LockException($"failed to make contender entry: {ex.Message}", ex);
            }

            if (!made)
            {
                throw new LockException("failed to make contender entry: <nil>");
            }

            held = await WaitForSlotAsync(_session.Id, stop).ConfigureAwait(false);
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
            throw new LockException("Semaphore not held");
        }

        var session = _session.Id;
        try
        {
            while (true)
            {
                var (pairs, _) = await KvApi.ListAsync(client, _lockKey, "", ct).ConfigureAwait(false);
                var pair = pairs?.FirstOrDefault();
                var state = Decode(pair);
                if (!state.Holders.Remove(session))
                {
                    break;
                }

                if (await KvApi.BoolAsync(client, HttpMethod.Put, _lockKey, CasQuery(pair?.ModifyIndex ?? 0), Encode(state), ct).ConfigureAwait(false))
                {
                    break;
                }
            }

            await KvApi.BoolAsync(client, HttpMethod.Delete, KvApi.PathJoin(prefix, session), "", null, ct).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            throw new LockException(ex.Message, ex);
        }
        finally
        {
            await _session.DisposeAsync().ConfigureAwait(false);
            _session = null;
        }
    }

    public async Task<bool> CleanupAsync(CancellationToken ct)
    {
        var (pairs, _) = await KvApi.ListAsync(client, prefix, "?recurse", ct).ConfigureAwait(false);
        pairs ??= [];
        var lockPair = pairs.FirstOrDefault(p => p.Key == _lockKey);
        if (lockPair is null)
        {
            return true;
        }

        if (lockPair.Flags != SemaphoreFlagValue)
        {
            throw new LockException("Existing key does not match semaphore use");
        }

        var state = Decode(lockPair);
        Prune(state, pairs);
        if (state.Holders.Count > 0)
        {
            return false;
        }

        return await KvApi.BoolAsync(client, HttpMethod.Delete, _lockKey, "?cas=" + lockPair.ModifyIndex.ToString(CultureInfo.InvariantCulture), null, ct).ConfigureAwait(false);
    }

    private async Task<bool> WaitForSlotAsync(string session, CancellationToken stop)
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
                var q = ConsulLock.BlockingQuery(waitIndex, wait);
                (pairs, index) = await KvApi.ListAsync(client, prefix, q.Length == 0 ? "?recurse" : q + "&recurse", stop).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                throw new LockException($"failed to read prefix: {ex.Message}", ex);
            }

            pairs ??= [];
            var lockPair = pairs.FirstOrDefault(p => p.Key == _lockKey);
            if (lockPair is not null && lockPair.Flags != SemaphoreFlagValue)
            {
                throw new LockException("Existing key does not match semaphore use");
            }

            var state = Decode(lockPair);
            if (state.Limit != limit)
            {
                throw new LockException($"semaphore limit conflict (lock: {state.Limit.ToString(CultureInfo.InvariantCulture)}, local: {limit.ToString(CultureInfo.InvariantCulture)})");
            }

            Prune(state, pairs);
            if (state.Holders.Count >= state.Limit)
            {
                waitIndex = index;
                continue;
            }

            state.Holders[session] = true;
            bool didSet;
            try
            {
                didSet = await KvApi.BoolAsync(client, HttpMethod.Put, _lockKey, CasQuery(lockPair?.ModifyIndex ?? 0), Encode(state), stop).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                throw new LockException($"failed to update lock: {ex.Message}", ex);
            }

            if (didSet)
            {
                return true;
            }

            waitIndex = 0;
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
                    (pairs, var next) = await KvApi.ListAsync(client, prefix, "?recurse&consistent" + (index > 0 ? "&index=" + index.ToString(CultureInfo.InvariantCulture) : ""), _monitorStop.Token).ConfigureAwait(false);
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
                pairs ??= [];
                var state = Decode(pairs.FirstOrDefault(p => p.Key == _lockKey));
                Prune(state, pairs);
                if (state.Holders.ContainsKey(session))
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
        catch (Exception ex) when (ex is ConsulApiException or LockException)
        {
            await lost.CancelAsync().ConfigureAwait(false);
        }
    }

    private static string CasQuery(ulong modifyIndex) => KvApi.Q(("flags", KvApi.Flags(SemaphoreFlagValue)), ("cas", modifyIndex.ToString(CultureInfo.InvariantCulture)));

    private SemaphoreState Decode(KvPair? pair)
    {
        if (pair?.Value is not { } value)
        {
            return new SemaphoreState(limit, new SortedDictionary<string, bool>(StringComparer.Ordinal));
        }

        try
        {
            using var doc = JsonDocument.Parse(value);
            var holders = new SortedDictionary<string, bool>(StringComparer.Ordinal);
            if (doc.RootElement.TryGetProperty("Holders", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in h.EnumerateObject())
                {
                    holders[p.Name] = p.Value.ValueKind == JsonValueKind.True;
                }
            }

            return new SemaphoreState(doc.RootElement.TryGetProperty("Limit", out var l) ? l.GetInt32() : 0, holders);
        }
        catch (JsonException ex)
        {
            throw new LockException($"lock decoding failed: {ex.Message}", ex);
        }
    }

    private static byte[] Encode(SemaphoreState state)
    {
        var holders = string.Join(',', state.Holders.Select(h => KvApi.GoJsonString(h.Key) + ":" + (h.Value ? "true" : "false")));
        return Encoding.UTF8.GetBytes("{\"Limit\":" + state.Limit.ToString(CultureInfo.InvariantCulture) + ",\"Holders\":{" + holders + "}}");
    }

    /// <summary>Drops holders whose session no longer holds any key under the prefix.</summary>
    private static void Prune(SemaphoreState state, List<KvPair> pairs)
    {
        var alive = pairs.Where(p => p.Session.Length > 0).Select(p => p.Session).ToHashSet(StringComparer.Ordinal);
        foreach (var holder in state.Holders.Keys.ToList())
        {
            if (!alive.Contains(holder))
            {
                state.Holders.Remove(holder);
            }
        }
    }

    private sealed record SemaphoreState(int Limit, SortedDictionary<string, bool> Holders);
}
