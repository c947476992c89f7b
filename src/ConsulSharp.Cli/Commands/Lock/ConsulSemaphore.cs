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
internal sealed class ConsulSemaphore(ConsulHttpClient client, string prefix, int limit, string sessionName, bool tryOnce, TimeSpan waitTime, int monitorRetries, TimeSpan monitorRetryTime)
    : SessionHeldHandle(client, sessionName, monitorRetries, monitorRetryTime)
{
    public const ulong SemaphoreFlagValue = 0xe0f69a2baa414de0;
    private readonly string _lockKey = KvApi.PathJoin(prefix, ".lock");

    protected override string MonitorKey => prefix;

    protected override string MonitorQuery => "?recurse&consistent";

    public override async Task ReleaseAsync(CancellationToken ct)
    {
        var session = (await StopMonitorAsync("Semaphore not held").ConfigureAwait(false)).Id;
        try
        {
            while (true)
            {
                var (pairs, _) = await KvApi.ListAsync(Client, _lockKey, "", ct).ConfigureAwait(false);
                var pair = pairs?.FirstOrDefault();
                var state = Decode(pair);
                if (!state.Holders.Remove(session))
                {
                    break;
                }

                if (await KvApi.BoolAsync(Client, HttpMethod.Put, _lockKey, CasQuery(pair?.ModifyIndex ?? 0), Encode(state), ct).ConfigureAwait(false))
                {
                    break;
                }
            }

            await KvApi.BoolAsync(Client, HttpMethod.Delete, KvApi.PathJoin(prefix, session), "", null, ct).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            throw new LockException(ex.Message, ex);
        }
        finally
        {
            await EndSessionAsync().ConfigureAwait(false);
        }
    }

    public override async Task<bool> CleanupAsync(CancellationToken ct)
    {
        var (pairs, _) = await KvApi.ListAsync(Client, prefix, "?recurse", ct).ConfigureAwait(false);
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

        return await KvApi.BoolAsync(Client, HttpMethod.Delete, _lockKey, "?cas=" + lockPair.ModifyIndex.ToString(CultureInfo.InvariantCulture), null, ct).ConfigureAwait(false);
    }

    protected override async Task<bool> WaitForHoldAsync(string session, CancellationToken stop)
    {
        var contender = KvApi.PathJoin(prefix, session);
        bool made;
        try
        {
            made = await KvApi.BoolAsync(Client, HttpMethod.Put, contender, KvApi.Q(("flags", KvApi.Flags(SemaphoreFlagValue)), ("acquire", session)), [], stop).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            throw new LockException($"failed to make contender entry: {ex.Message}", ex);
        }

        if (!made)
        {
            throw new LockException("failed to make contender entry: <nil>");
        }

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
                var q = BlockingQuery(waitIndex, wait);
                (pairs, index) = await KvApi.ListAsync(Client, prefix, q.Length == 0 ? "?recurse" : q + "&recurse", stop).ConfigureAwait(false);
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
                didSet = await KvApi.BoolAsync(Client, HttpMethod.Put, _lockKey, CasQuery(lockPair?.ModifyIndex ?? 0), Encode(state), stop).ConfigureAwait(false);
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

    protected override bool StillHeld(List<KvPair> pairs, string session)
    {
        var state = Decode(pairs.FirstOrDefault(p => p.Key == _lockKey));
        Prune(state, pairs);
        return state.Holders.ContainsKey(session);
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
