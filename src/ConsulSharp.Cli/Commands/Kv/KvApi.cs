using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Kv;

/// <summary>The slice of Go's <c>api.KV</c> the kv and lock commands use: keys escaped per path segment, 404 as "none".</summary>
internal static class KvApi
{
    public static string KeyPath(string key) => "/v1/kv/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    public static string Q(params (string Name, string? Value)[] parts)
    {
        var list = parts.Where(p => p.Value is not null).Select(p => p.Value!.Length == 0 ? p.Name : p.Name + "=" + Uri.EscapeDataString(p.Value)).ToList();
        return list.Count == 0 ? "" : "?" + string.Join('&', list);
    }

    /// <summary>GET of a key or prefix; null on 404; the X-Consul-Index comes back too.</summary>
    public static async Task<(List<KvPair>? Pairs, ulong Index)> ListAsync(ConsulHttpClient client, string key, string query, CancellationToken ct)
    {
        var res = await client.SendRawAsync(HttpMethod.Get, KeyPath(key) + query, null, ct).ConfigureAwait(false);
        if (res.StatusCode == 404)
        {
            return (null, res.Index);
        }

        if (res.StatusCode is < 200 or >= 300)
        {
            throw new ConsulApiException(res.StatusCode, res.Text.TrimEnd('\n'));
        }

        using var doc = JsonDocument.Parse(res.Body);
        return (doc.RootElement.EnumerateArray().Select(KvPair.From).ToList(), res.Index);
    }

    public static async Task<List<string>> KeysAsync(ConsulHttpClient client, string prefix, string query, CancellationToken ct)
    {
        var res = await client.SendRawAsync(HttpMethod.Get, KeyPath(prefix) + query, null, ct).ConfigureAwait(false);
        if (res.StatusCode == 404)
        {
            return [];
        }

        if (res.StatusCode is < 200 or >= 300)
        {
            throw new ConsulApiException(res.StatusCode, res.Text.TrimEnd('\n'));
        }

        using var doc = JsonDocument.Parse(res.Body);
        return doc.RootElement.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
    }

    /// <summary>PUT or DELETE answering a bare <c>true</c>/<c>false</c>.</summary>
    public static async Task<bool> BoolAsync(ConsulHttpClient client, HttpMethod method, string key, string query, byte[]? body, CancellationToken ct)
    {
        var res = await client.SendAsync(method, KeyPath(key) + query, body ?? (method == HttpMethod.Put ? [] : null), ct).ConfigureAwait(false);
        return res.Text.Trim() == "true";
    }

    public static string Flags(ulong flags) => flags == 0 ? "" : flags.ToString(CultureInfo.InvariantCulture);

    /// <summary>Go's <c>path.Join</c>: join non-empty parts with '/', then clean.</summary>
    public static string PathJoin(params string[] parts)
    {
        var joined = string.Join('/', parts.Where(p => p.Length > 0));
        return joined.Length == 0 ? "" : PathClean(joined);
    }

    /// <summary>Go's <c>path.Clean</c>.</summary>
    public static string PathClean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var stack = new List<string>();
        foreach (var seg in path.Split('/'))
        {
            if (seg.Length == 0 || seg == ".")
            {
                continue;
            }

            if (seg == "..")
            {
                if (stack.Count > 0 && stack[^1] != "..")
                {
                    stack.RemoveAt(stack.Count - 1);
                }
                else if (!rooted)
                {
                    stack.Add("..");
                }

                continue;
            }

            stack.Add(seg);
        }

        var result = (rooted ? "/" : "") + string.Join('/', stack);
        return result.Length == 0 ? "." : result;
    }

    /// <summary>A JSON string as Go's encoding/json writes it (&lt;, &gt;, &amp;, U+2028/2029 escaped).</summary>
    public static string GoJsonString(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>DATA arguments of put/import: literal, <c>@file</c>, or <c>-</c> for stdin.</summary>
    public static async Task<string> ReadDataAsync(string data, CliContext context, CancellationToken ct)
    {
        if (data.Length == 0)
        {
            return "";
        }

        if (data[0] == '@')
        {
            try
            {
                return await File.ReadAllTextAsync(data[1..], ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new KvArgumentException($"Failed to read file: {ex.Message}");
            }
        }

        if (data == "-")
        {
            try
            {
                return await context.In.ReadToEndAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new KvArgumentException($"Failed to read stdin: {ex.Message}");
            }
        }

        return data;
    }
}
