using System.Text;
using System.Text.Json;
using ConsulSharp.Cli.Output;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Catalog;

/// <summary><c>consul catalog nodes</c>: the catalog's nodes (or a service's nodes) in Consul's columns.</summary>
public sealed class CatalogNodesCommand : CommandBase
{
    private const char Sep = '\x1f';
    private readonly Core.Flags.FlagValue<bool> _detailed;
    private readonly Core.Flags.FlagValue<string?> _near;
    private readonly Core.Flags.FlagValue<IReadOnlyList<string>> _nodeMeta;
    private readonly Core.Flags.FlagValue<string?> _service;
    private readonly Core.Flags.FlagValue<string?> _filter;

    public CatalogNodesCommand()
        : base("catalog nodes", serverFlags: true)
    {
        _detailed = Flags.Bool("detailed", false, "Output detailed information about the nodes including their addresses and metadata.");
        _near = Flags.String("near", null, "Node name to sort the node list in ascending order based on estimated round-trip time from that node. Passing \"_agent\" will use this agent's node for sorting.");
        _nodeMeta = Flags.Strings("node-meta", "Metadata to filter nodes with the given `key=value` pairs. This flag may be specified multiple times to filter on multiple sources of metadata.");
        _service = Flags.String("service", null, "Service `id or name` to filter nodes. Only nodes which are providing the given service will be returned.");
        _filter = Flags.String("filter", null, "Filter to use with the request");
    }

    public override string Synopsis => "Lists all nodes in the given datacenter";

    protected override string UsageText => """
        Usage: consul catalog nodes [options]

          Lists the nodes in the catalog, optionally only those providing a service, matching node metadata or a
          filter expression, and sorted by round trip time from a node.

              $ consul catalog nodes -service=web -detailed
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

        if (_near.Value is { Length: > 0 } near)
        {
            CatalogFlags.Append(query, "near", near);
        }

        if (_filter.Value is { Length: > 0 } filter)
        {
            CatalogFlags.Append(query, "filter", filter);
        }

        if (Http!.Stale)
        {
            CatalogFlags.Append(query, "stale", "");
        }

        var forService = _service.Value is { Length: > 0 };
        var path = forService ? "/v1/catalog/service/" + Uri.EscapeDataString(_service.Value!) : "/v1/catalog/nodes";
        using var client = Client(context);
        ConsulResponse res;
        try
        {
            res = await client.GetAsync(path + query, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync((forService ? "Error listing nodes for service: " : "Error listing nodes: ") + ex.Message).ConfigureAwait(false);
            return 1;
        }

        using var doc = JsonDocument.Parse(res.Body);
        var nodes = doc.RootElement.EnumerateArray().Select(e => Row.From(e, forService)).ToList();
        if (nodes.Count == 0)
        {
            await context.Err.WriteLineAsync("No nodes match the given query - try expanding your search.").ConfigureAwait(false);
            return 0;
        }

        var lines = new List<string>();
        if (_detailed.Value)
        {
            lines.Add(string.Join(Sep, "Node", "ID", "Address", "DC", "TaggedAddresses", "Meta"));
            lines.AddRange(nodes.Select(n => string.Join(Sep, n.Node, n.Id, n.Address, n.Datacenter, CatalogFlags.MapToKv(n.TaggedAddresses), CatalogFlags.MapToKv(n.Meta))));
        }
        else
        {
            lines.Add(string.Join(Sep, "Node", "ID", "Address", "DC"));
            foreach (var n in nodes)
            {
                var dash = n.Id.IndexOf('-', StringComparison.Ordinal);
                var id = dash > 0 ? n.Id[..dash] : n.Id;
                lines.Add(string.Join(Sep, n.Node, id, n.Address, n.Datacenter));
            }
        }

        await context.Out.WriteLineAsync(Columnize.Format(lines, Sep)).ConfigureAwait(false);
        return 0;
    }

    private sealed record Row(string Node, string Id, string Address, string Datacenter, Dictionary<string, string> TaggedAddresses, Dictionary<string, string> Meta)
    {
        public static Row From(JsonElement e, bool serviceNode) => new(
            Str(e, "Node"),
            Str(e, "ID"),
            Str(e, "Address"),
            Str(e, "Datacenter"),
            Map(e, "TaggedAddresses"),
            Map(e, serviceNode ? "NodeMeta" : "Meta"));

        private static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

        private static Dictionary<string, string> Map(JsonElement e, string name)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in v.EnumerateObject())
                {
                    map[p.Name] = p.Value.GetString() ?? "";
                }
            }

            return map;
        }
    }
}
