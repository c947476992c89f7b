using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ConsulSharp.Contracts;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using Microsoft.AspNetCore.Http;

namespace ConsulSharp.Http.Routing;

/// <summary>One HTTP API request: Consul's parameter rules (presence flags, first value wins, <c>tag</c> and
/// <c>node-meta</c> accumulate), token resolution, strict JSON bodies, and the response writers.</summary>
public sealed class ApiRequest
{
    public const long DefaultMaxBodyBytes = 16 * 1024 * 1024;

    public ApiRequest(HttpContext http, string suffix, bool alwaysPretty)
    {
        Http = http;
        Suffix = suffix;
        Pretty = alwaysPretty || http.Request.Query.ContainsKey("pretty");
    }

    public HttpContext Http { get; }

    /// <summary>The agent's ACL resolver (set by <see cref="ApiDispatcher"/>); null: ACLs are not wired, all allowed.</summary>
    public IAclResolver? AclResolver { get; init; }

    private AclAuthorization? _authorization;

    /// <summary>Resolves this request's <see cref="Token"/> once (cached for the request). ACLs disabled: the shared
    /// allow-all <see cref="AclAuthorization.Disabled"/>, without allocating. Unknown secret: 403 <c>ACL not found</c>.</summary>
    public ValueTask<AclAuthorization> AuthorizeAsync()
    {
        if (_authorization is { } done)
        {
            return ValueTask.FromResult(done);
        }

        if (AclResolver is not { Enabled: true } resolver)
        {
            return ValueTask.FromResult(AclAuthorization.Disabled);
        }

        var pending = resolver.ResolveAsync(Token, Aborted);
        if (pending.IsCompletedSuccessfully)
        {
            _authorization = pending.Result;
            return ValueTask.FromResult(_authorization);
        }

        return AwaitAuthorizationAsync(pending);
    }

    private async ValueTask<AclAuthorization> AwaitAuthorizationAsync(ValueTask<AclAuthorization> pending)
    {
        _authorization = await pending.ConfigureAwait(false);
        return _authorization;
    }

    /// <summary>The rest of the path after a subtree pattern, e.g. the key of <c>/v1/kv/&lt;key&gt;</c>.</summary>
    public string Suffix { get; }

    public bool Pretty { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    public bool Flag(string name) => Http.Request.Query.ContainsKey(name);

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    public IReadOnlyList<string> QueryAll(string name) =>
        Http.Request.Query.TryGetValue(name, out var v) ? v.Where(s => s is not null).Select(s => s!).ToArray() : [];

    /// <summary>The ACL token: <c>?token=</c>, then <c>X-Consul-Token</c>, then <c>Authorization: Bearer</c>.</summary>
    public string Token
    {
        get
        {
            if (Query("token") is { Length: > 0 } q)
            {
                return q;
            }

            if (Http.Request.Headers.TryGetValue("X-Consul-Token", out var h) && h.Count > 0 && !string.IsNullOrEmpty(h[0]))
            {
                return h[0]!;
            }

            if (Http.Request.Headers.Authorization is { Count: > 0 } auth && auth[0] is { } a)
            {
                var parts = a.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                {
                    return parts[1];
                }
            }

            return "";
        }
    }

    /// <summary>Parses the common read parameters in Consul's order: dc, token, filter, consistency, wait/index.</summary>
    public QueryOptions ParseQueryOptions(TimeSpan defaultWait, TimeSpan maxWait)
    {
        var stale = Flag("stale");
        var consistent = Flag("consistent");
        var maxStale = TimeSpan.Zero;
        if (Query("max_stale") is { } ms)
        {
            if (!ConsulSharp.Core.GoDuration.TryParse(ms, out maxStale))
            {
                throw ConsulException.BadRequest($"Invalid max_stale value \"{ms}\"");
            }

            stale |= maxStale > TimeSpan.Zero;
        }

        if (stale && consistent)
        {
            throw ConsulException.BadRequest(Errors.StaleAndConsistent);
        }

        TimeSpan wait = TimeSpan.Zero;
        if (Query("wait") is { } w)
        {
            if (!ConsulSharp.Core.GoDuration.TryParse(w, out wait) || wait < TimeSpan.Zero)
            {
                throw ConsulException.BadRequest(Errors.InvalidWaitTime);
            }
        }

        ulong index = 0;
        if (Query("index") is { } i && !ulong.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            throw ConsulException.BadRequest(Errors.InvalidIndex);
        }

        if (index > 0)
        {
            wait = wait <= TimeSpan.Zero ? defaultWait : wait;
            wait = wait > maxWait ? maxWait : wait;
        }

        return new QueryOptions
        {
            Datacenter = Query("dc") ?? "",
            Token = Token,
            Filter = Query("filter") ?? "",
            Consistency = consistent ? ConsistencyMode.Consistent : stale ? ConsistencyMode.Stale : ConsistencyMode.Default,
            MaxStale = maxStale,
            MinQueryIndex = index,
            MaxQueryTime = index > 0 ? wait : TimeSpan.Zero,
        };
    }

    /// <summary>Reads the whole body up to <paramref name="limit"/> bytes; larger bodies are refused with 413.</summary>
    public async Task<byte[]> ReadBodyAsync(long limit, string tooLargeMessage)
    {
        var req = Http.Request;
        if (req.ContentLength is { } len && len > limit)
        {
            throw ConsulException.TooLarge(tooLargeMessage);
        }

        using var ms = new MemoryStream(req.ContentLength is { } l and < 1 << 20 ? (int)l : 4096);
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await req.Body.ReadAsync(buffer, Aborted).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + n > limit)
            {
                throw ConsulException.TooLarge(tooLargeMessage);
            }

            ms.Write(buffer, 0, n);
        }

        return ms.ToArray();
    }

    /// <summary>Decodes a JSON body as Consul does: case-insensitive names, 400 <c>Request decode failed: ...</c>.</summary>
    public async Task<T> ReadJsonAsync<T>(JsonTypeInfo<T> typeInfo, long limit = DefaultMaxBodyBytes)
    {
        var body = await ReadBodyAsync(limit, "Request body too large").ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + "EOF");
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo) ?? throw ConsulException.BadRequest(Errors.RequestDecodeFailed + "EOF");
        }
        catch (JsonException ex)
        {
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + JsonErrorText(ex));
        }
    }

    public void SetMeta(QueryMeta meta)
    {
        var h = Http.Response.Headers;
        h["X-Consul-Index"] = IndexText(Math.Max(1UL, meta.Index));
        h["X-Consul-KnownLeader"] = meta.KnownLeader ? "true" : "false";
        var lastContact = (long)meta.LastContact.TotalMilliseconds;
        h["X-Consul-LastContact"] = lastContact == 0 ? "0" : lastContact.ToString(CultureInfo.InvariantCulture);
        h["X-Consul-Query-Backend"] = "blocking-query";
    }

    // The watchers woken by one write all answer the same index: format it once.
    private static Tuple<ulong, string>? s_lastIndex;

    private static string IndexText(ulong index)
    {
        var last = Volatile.Read(ref s_lastIndex);
        if (last is not null && last.Item1 == index)
        {
            return last.Item2;
        }

        var text = index.ToString(CultureInfo.InvariantCulture);
        Volatile.Write(ref s_lastIndex, Tuple.Create(index, text));
        return text;
    }

    public void SetConsistency(QueryMeta meta) =>
        Http.Response.Headers["X-Consul-Effective-Consistency"] = QueryMeta.ConsistencyName(meta.ConsistencyLevel);

    /// <summary>Writes <paramref name="value"/> with the source-generated wire serializer (compact, or pretty).</summary>
    public Task WriteJsonAsync<T>(T value, int status = StatusCodes.Status200OK) =>
        WriteJsonBodyAsync(SerializeJson(value, Pretty), status);

    /// <summary>The whole JSON body <see cref="WriteJsonAsync{T}"/> writes: compact, or pretty with a trailing newline.</summary>
    public static byte[] SerializeJson<T>(T value, bool pretty)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, ConsulJson.Info<T>(pretty));
        if (!pretty)
        {
            return bytes;
        }

        var withNewline = new byte[bytes.Length + 1];
        bytes.CopyTo(withNewline, 0);
        withNewline[^1] = (byte)'\n';
        return withNewline;
    }

    /// <summary>Writes a body made by <see cref="SerializeJson{T}"/> for this request's format (<see cref="Pretty"/>);
    /// the array may be shared with other responses: it is only read.</summary>
    public Task WriteJsonBodyAsync(byte[] body, int status = StatusCodes.Status200OK)
    {
        var res = Http.Response;
        res.StatusCode = status;
        res.ContentType = "application/json";
        res.ContentLength = body.Length;
        return res.Body.WriteAsync(body, Aborted).AsTask();
    }

    /// <summary>A bare literal body such as <c>true</c>/<c>false</c>, as JSON.</summary>
    public Task WriteBoolAsync(bool value)
    {
        Http.Response.ContentType = "application/json";
        return Http.Response.WriteAsync(value ? "true" : "false", Aborted);
    }

    public Task WriteTextAsync(int status, string text)
    {
        Http.Response.StatusCode = status;
        Http.Response.ContentType = "text/plain; charset=utf-8";
        return Http.Response.WriteAsync(text, Aborted);
    }

    public static bool TryParseGoBool(string? s, out bool value)
    {
        switch (s)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True": value = true; return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False": value = false; return true;
            default: value = false; return false;
        }
    }

    private static string JsonErrorText(JsonException ex)
    {
        // Keep the useful part of System.Text.Json's message; clients match on the prefix only.
        var msg = ex.Message;
        var cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? msg[..cut] : msg;
    }
}
