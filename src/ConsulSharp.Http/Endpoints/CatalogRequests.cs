using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;

namespace ConsulSharp.Http.Endpoints;

/// <summary>Request parsing shared by the catalog, health and UI endpoints.</summary>
internal static partial class CatalogRequests
{
    /// <summary>The common read options; a foreign <c>?dc</c> is Consul's 500 <c>No path to datacenter</c>.</summary>
    public static QueryOptions Options(ApiRequest req, HttpApiOptions options, string datacenter)
    {
        var opts = req.ParseQueryOptions(options.DefaultQueryTime, options.MaxQueryTime);
        CheckDatacenter(opts.Datacenter, datacenter);
        return opts;
    }

    public static void CheckDatacenter(string? requested, string datacenter)
    {
        if (!string.IsNullOrEmpty(requested) && !string.Equals(requested, datacenter, StringComparison.Ordinal))
        {
            throw ConsulException.Internal(Errors.NoPathToDatacenter);
        }
    }

    public static CatalogQuery Query(ApiRequest req) => new()
    {
        NodeMeta = CatalogQuery.ParseNodeMeta(req.QueryAll("node-meta")),
        Near = req.Query("near") ?? "",
    };

    public static void SetMeta(ApiRequest req, QueryMeta meta)
    {
        req.SetMeta(meta);
        req.SetConsistency(meta);
    }

    /// <summary>
    /// Decodes a body as Consul's strict decoder does: case-insensitive names, unknown fields refused with
    /// <c>Request decode failed: json: unknown field "X"</c>, an empty body is <c>EOF</c>.
    /// </summary>
    public static async Task<T> ReadStrictAsync<T>(ApiRequest req, JsonTypeInfo<T> info)
    {
        var body = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + "EOF");
        }

        try
        {
            return JsonSerializer.Deserialize(body, info) ?? throw ConsulException.BadRequest(Errors.RequestDecodeFailed + "EOF");
        }
        catch (JsonException ex)
        {
            var m = UnmappedMember().Match(ex.Message);
            var text = m.Success ? $"json: unknown field \"{m.Groups[1].Value}\"" : ex.Message.Split(" Path:")[0];
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + text);
        }
    }

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedMember();
}
