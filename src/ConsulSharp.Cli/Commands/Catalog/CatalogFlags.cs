using System.Text;

namespace ConsulSharp.Cli.Commands.Catalog;

/// <summary>Helpers shared by the <c>consul catalog</c> commands.</summary>
internal static class CatalogFlags
{
    /// <summary>
    /// Turns <c>-node-meta key=value</c> values into the API's <c>node-meta=key:value</c> parameters; a value without
    /// <c>=</c> is Go's flag error (returned as the message, null when all are valid).
    /// </summary>
    public static string? NodeMetaQuery(IReadOnlyList<string> values, StringBuilder query)
    {
        foreach (var v in values)
        {
            var i = v.IndexOf('=', StringComparison.Ordinal);
            if (i < 0)
            {
                return $"invalid value \"{v}\" for flag -node-meta: Missing \"=\" value in argument: {v}";
            }

            Append(query, "node-meta", v[..i] + ":" + v[(i + 1)..]);
        }

        return null;
    }

    public static void Append(StringBuilder query, string name, string value)
    {
        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    /// <summary>Consul's <c>mapToKV</c>: sorted <c>k=v</c> pairs joined by <c>, </c>.</summary>
    public static string MapToKv(IEnumerable<KeyValuePair<string, string>> map) =>
        string.Join(", ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
}
