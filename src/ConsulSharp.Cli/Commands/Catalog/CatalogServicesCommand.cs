using System.Text;
using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Catalog;

/// <summary><c>consul catalog services</c>: sorted service names, optionally with their tags or for one node.</summary>
public sealed class CatalogServicesCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _node;
    private readonly Core.Flags.FlagValue<IReadOnlyList<string>> _nodeMeta;
    private readonly Core.Flags.FlagValue<bool> _tags;

    public CatalogServicesCommand()
        : base("catalog services", serverFlags: true)
    {
        _node = Flags.String("node", null, "Node `id or name` for which to list services.");
        _nodeMeta = Flags.Strings("node-meta", "Metadata to filter nodes with the given `key=value` pairs. If specified, only services running on nodes matching the given metadata will be returned. This flag may be specified multiple times to filter on multiple sources of metadata.");
        _tags = Flags.Bool("tags", false, "Display each service's tags as a comma-separated list beside each service entry.");
    }

    public override string Synopsis => "Lists all registered services in a datacenter";

    protected override string UsageText => """
        Usage: consul catalog services [options]

          Lists the services in the catalog, or those of one node, optionally with their tags.

              $ consul catalog services -node=web-01 -tags
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count > 0)
        {
            await context.Err.WriteLineAsync($"Too many arguments (expected 0, got {args.Count})").ConfigureAwait(false);
            return 1;
        }

        var query = new StringBuilder();
        if (CatalogFlags.NodeMetaQuery(_nodeMeta.Value, query) is { } error)
        {
            await context.Err.WriteLineAsync(error).ConfigureAwait(false);
            return 1;
        }

        if (Http!.Stale)
        {
            CatalogFlags.Append(query, "stale", "");
        }

        var services = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using var client = Client(context);
        var forNode = _node.Value is { Length: > 0 };
        try
        {
            if (forNode)
            {
                var res = await client.GetAsync("/v1/catalog/node/" + Uri.EscapeDataString(_node.Value!) + query, cancellationToken).ConfigureAwait(false);
                using var doc = JsonDocument.Parse(res.Body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.GetProperty("Services") is { ValueKind: JsonValueKind.Object } list)
                {
                    foreach (var s in list.EnumerateObject())
                    {
                        var name = s.Value.GetProperty("Service").GetString() ?? "";
                        if (!services.TryGetValue(name, out var tags))
                        {
                            services[name] = tags = [];
                        }

                        tags.AddRange(Tags(s.Value.GetProperty("Tags")));
                    }
                }
            }
            else
            {
                var res = await client.GetAsync("/v1/catalog/services" + query, cancellationToken).ConfigureAwait(false);
                using var doc = JsonDocument.Parse(res.Body);
                foreach (var s in doc.RootElement.EnumerateObject())
                {
                    services[s.Name] = Tags(s.Value);
                }
            }
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync((forNode ? "Error listing services for node: " : "Error listing services: ") + ex.Message).ConfigureAwait(false);
            return 1;
        }

        if (services.Count == 0)
        {
            await context.Err.WriteLineAsync("No services match the given query - try expanding your search.").ConfigureAwait(false);
            return 0;
        }

        var order = services.Keys.Order(StringComparer.Ordinal).ToList();
        if (!_tags.Value)
        {
            foreach (var name in order)
            {
                await context.Out.WriteLineAsync(name).ConfigureAwait(false);
            }

            return 0;
        }

        // Go tabwriter(minwidth 0, tabwidth 2, padding 6, ' '): the name column is as wide as the longest name plus 6.
        var width = order.Max(n => n.Length) + 6;
        var sb = new StringBuilder();
        foreach (var name in order)
        {
            var tags = services[name];
            tags.Sort(StringComparer.Ordinal);
            sb.Append(name.PadRight(width)).Append(string.Join(',', tags)).Append('\n');
        }

        await context.Out.WriteLineAsync(sb.ToString().Trim()).ConfigureAwait(false);
        return 0;
    }

    private static List<string> Tags(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(t => t.GetString() ?? "").ToList() : [];
}
