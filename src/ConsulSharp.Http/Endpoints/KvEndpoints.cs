using System.Globalization;
using ConsulSharp.Contracts.Kv;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/kv/&lt;key&gt;</c>: GET (single, <c>?recurse</c>, <c>?keys</c>, <c>?raw</c>), PUT and DELETE, as Consul 1.22.</summary>
public sealed class KvEndpoints(KvsService kvs, HttpApiOptions options, Agent.ConsulAgent agent)
{
    // Watchers woken by one write re-read the same immutable rows: one body per result (see SharedBody).
    private readonly SharedBody<KvEntry> _oneBody = new(static (_, _) => false);
    private readonly SharedBody<IReadOnlyList<KvEntry>> _listBody = new(SameRows);
    private readonly SharedBody<IReadOnlyList<string>> _keysBody = new(SameKeys);

    /// <summary>JSON bodies serialized by GET so far (shared ones count once).</summary>
    internal long BodiesSerialized => _oneBody.Serialized + _listBody.Serialized + _keysBody.Serialized;

    public void Register(RouteTable routes)
    {
        routes.Get("/v1/kv/", GetAsync);
        routes.Put("/v1/kv/", PutAsync);
        routes.Delete("/v1/kv/", DeleteAsync);
    }

    private async Task GetAsync(ApiRequest req)
    {
        var key = KeyOf(req);
        var opts = req.ParseQueryOptions(options.DefaultQueryTime, options.MaxQueryTime);
        if (req.Flag("keys"))
        {
            var sep = req.Query("separator") ?? req.Query("seperator") ?? "";
            var keysAcl = await AuthorizeListAsync(req, key).ConfigureAwait(false);
            if (!AuthzFilters.AllowsAll(keysAcl))
            {
                await FilteredKeysAsync(req, keysAcl, key, sep, opts).ConfigureAwait(false);
                return;
            }

            var res = await kvs.KeysAsync(key, sep, opts, req.Aborted).ConfigureAwait(false);
            req.SetMeta(res.Meta);
            var keys = res.Value;
            if (keys.Count == 0 && key.Length > 0)
            {
                req.Http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await req.WriteJsonBodyAsync(_keysBody.Get(res.Value, req.Pretty, static (v, pretty) => ApiRequest.SerializeJson(v.ToList(), pretty))).ConfigureAwait(false);
            return;
        }

        if (req.Flag("recurse"))
        {
            var listAcl = await AuthorizeListAsync(req, key).ConfigureAwait(false);
            var res = await kvs.ListAsync(key, opts, req.Aborted).ConfigureAwait(false);
            req.SetMeta(res.Meta);
            var listRemoved = false;
            var entries = AuthzFilters.Filter(listAcl, res.Value, static (a, e) => a.KeyRead(e.Key), ref listRemoved);
            AuthzFilters.MarkFiltered(req, listAcl, listRemoved);
            if (entries.Count == 0)
            {
                req.Http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await req.WriteJsonBodyAsync(listRemoved
                ? ApiRequest.SerializeJson(entries.Select(ToDto).ToList(), req.Pretty)
                : _listBody.Get(res.Value, req.Pretty, static (v, pretty) => ApiRequest.SerializeJson(v.Select(ToDto).ToList(), pretty))).ConfigureAwait(false);
            return;
        }

        if (key.Length == 0)
        {
            throw ConsulException.BadRequest(Errors.MissingKeyName);
        }

        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.KeyRead(key))
        {
            throw acl.Denied("key:read", key);
        }

        var one = await kvs.GetAsync(key, opts, req.Aborted).ConfigureAwait(false);
        req.SetMeta(one.Meta);
        if (one.Value is null)
        {
            req.Http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (req.Flag("raw"))
        {
            var value = one.Value.Value ?? [];
            var res = req.Http.Response;
            res.ContentType = "text/plain";
            res.Headers["X-Content-Type-Options"] = "nosniff";
            res.Headers["Content-Security-Policy"] = "sandbox";
            res.ContentLength = value.Length;
            await res.Body.WriteAsync(value, req.Aborted).ConfigureAwait(false);
            return;
        }

        await req.WriteJsonBodyAsync(_oneBody.Get(one.Value, req.Pretty, static (v, pretty) => ApiRequest.SerializeJson(new List<DirEntry> { ToDto(v) }, pretty))).ConfigureAwait(false);
    }

    // Rows are immutable and shared by every version that did not change them: the same rows are the same objects.
    private static bool SameRows(IReadOnlyList<KvEntry> a, IReadOnlyList<KvEntry> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameKeys(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private async Task PutAsync(ApiRequest req)
    {
        var key = KeyOf(req);
        if (key.Length == 0)
        {
            throw ConsulException.BadRequest(Errors.MissingKeyName);
        }

        var conflicting = (req.Flag("cas") ? 1 : 0) + (req.Flag("acquire") ? 1 : 0) + (req.Flag("release") ? 1 : 0);
        if (conflicting > 1)
        {
            throw ConsulException.BadRequest($"Conflicting flags: {EncodeQuery(req)}\n");
        }

        var flags = req.Query("flags") is { } f ? ParseUint(f) : 0UL;
        var max = agent.Config.KvMaxValueSize;
        var length = req.Http.Request.ContentLength;
        var tooLarge = $"Request body({(length ?? max + 1).ToString(CultureInfo.InvariantCulture)} bytes) too large, max size: {max.ToString(CultureInfo.InvariantCulture)} bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.";
        var body = await req.ReadBodyAsync(max, tooLarge).ConfigureAwait(false);

        var entry = new KvEntry { Key = key, Flags = flags, Value = body };
        string op;
        if (req.Query("cas") is { } cas)
        {
            op = "cas";
            entry = entry with { ModifyIndex = ParseUint(cas) };
        }
        else if (req.Flag("acquire"))
        {
            op = "lock";
            entry = entry with { Session = RequireSession(req.Query("acquire")) };
        }
        else if (req.Flag("release"))
        {
            op = "unlock";
            entry = entry with { Session = RequireSession(req.Query("release")) };
        }
        else
        {
            op = "set";
        }

        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.KeyWrite(key))
        {
            throw acl.Denied("key:write", key);
        }

        var ok = await kvs.ApplyAsync(op, entry, req.Aborted).ConfigureAwait(false);
        await req.WriteBoolAsync(ok).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>?keys</c> with ACLs, as Consul 1.22: the entries under the prefix are filtered by key:read first, then folded
    /// at the separator, so a readable key under an unreadable folder still shows its folder.
    /// </summary>
    private async Task FilteredKeysAsync(ApiRequest req, Routing.AclAuthorization acl, string prefix, string separator, Core.Requests.QueryOptions opts)
    {
        var res = await kvs.ListAsync(prefix, opts, req.Aborted).ConfigureAwait(false);
        req.SetMeta(res.Meta);
        var removed = false;
        var entries = AuthzFilters.Filter(acl, res.Value, static (a, e) => a.KeyRead(e.Key), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var at = separator.Length == 0 ? -1 : e.Key.IndexOf(separator, prefix.Length, StringComparison.Ordinal);
            var k = at < 0 ? e.Key : e.Key[..(at + separator.Length)];
            if (at < 0 || seen.Add(k))
            {
                keys.Add(k);
            }
        }

        if (keys.Count == 0 && prefix.Length > 0)
        {
            req.Http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await req.WriteJsonAsync(keys).ConfigureAwait(false);
    }

    /// <summary>Recurse and keys reads: <c>key:list</c> on the prefix when <c>acl.enable_key_list_policy</c> is set;
    /// the entries are filtered by <c>key:read</c> either way.</summary>
    private async Task<Routing.AclAuthorization> AuthorizeListAsync(ApiRequest req, string prefix)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (agent.Config.Acl.EnableKeyListPolicy && !acl.Authorizer.KeyList(prefix))
        {
            throw acl.Denied("key:list", prefix);
        }

        return acl;
    }

    private async Task DeleteAsync(ApiRequest req)
    {
        var key = KeyOf(req);
        var recurse = req.Flag("recurse");
        if (recurse && req.Flag("cas"))
        {
            throw ConsulException.BadRequest($"Conflicting flags: {EncodeQuery(req)}\n");
        }

        if (!recurse && key.Length == 0)
        {
            throw ConsulException.BadRequest(Errors.MissingKeyName);
        }

        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (recurse ? !acl.Authorizer.KeyWritePrefix(key) : !acl.Authorizer.KeyWrite(key))
        {
            throw acl.Denied("key:write", key);
        }

        bool ok;
        if (recurse)
        {
            ok = await kvs.ApplyAsync("delete-tree", new KvEntry { Key = key }, req.Aborted).ConfigureAwait(false);
        }
        else if (req.Query("cas") is { } cas)
        {
            var index = ParseUint(cas);
            ok = index != 0 && await kvs.ApplyAsync("delete-cas", new KvEntry { Key = key, ModifyIndex = index }, req.Aborted).ConfigureAwait(false);
        }
        else
        {
            ok = await kvs.ApplyAsync("delete", new KvEntry { Key = key }, req.Aborted).ConfigureAwait(false);
        }

        await req.WriteBoolAsync(ok).ConfigureAwait(false);
    }

    /// <summary>The key as Go's decoded URL path gives it, after the 1.22 traversal and whitespace checks.</summary>
    internal static string KeyOf(ApiRequest req)
    {
        var raw = req.Http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? req.Http.Request.Path.Value ?? "";
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = q >= 0 ? raw[..q] : raw;
        const string prefix = "/v1/kv/";
        var rawKey = rawPath.StartsWith(prefix, StringComparison.Ordinal) ? rawPath[prefix.Length..] : req.Suffix;
        KeyValidation.Validate(rawKey);
        var key = Uri.UnescapeDataString(rawKey);
        KeyValidation.Validate(key);
        return key;
    }

    /// <summary>Go's <c>url.Values.Encode</c> of the request's query: keys sorted, every value, query-escaped.</summary>
    internal static string EncodeQuery(ApiRequest req)
    {
        var parts = new List<string>();
        foreach (var (name, values) in req.Http.Request.Query.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            foreach (var v in values.Count == 0 ? [""] : values.ToArray())
            {
                parts.Add(QueryEscape(name) + "=" + QueryEscape(v ?? ""));
            }
        }

        return string.Join('&', parts);
    }

    private static string QueryEscape(string s) => Uri.EscapeDataString(s).Replace("%20", "+", StringComparison.Ordinal);

    private static string RequireSession(string? session) =>
        string.IsNullOrEmpty(session) ? throw ConsulException.Internal("missing session") : session;

    private static ulong ParseUint(string s) =>
        ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw ConsulException.Internal($"strconv.ParseUint: parsing \"{s}\": invalid syntax");

    internal static DirEntry ToDto(KvEntry e) => new()
    {
        LockIndex = e.LockIndex,
        Key = e.Key,
        Flags = e.Flags,
        Value = e.Value,
        Session = string.IsNullOrEmpty(e.Session) ? null : e.Session,
        CreateIndex = e.CreateIndex,
        ModifyIndex = e.ModifyIndex,
    };
}
