using System.Globalization;
using System.Text;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Kv;

/// <summary><c>consul kv export</c>: a prefix as Consul's JSON (tab-indented <c>key</c>/<c>flags</c>/<c>value</c> objects).</summary>
public sealed class KvExportCommand : CommandBase
{
    public KvExportCommand()
        : base("kv export", serverFlags: true)
    {
    }

    public override string Synopsis => "Exports a tree from the KV store as JSON";

    protected override string UsageText => """
        Usage: consul kv export [KEY_OR_PREFIX]

          Retrieves key-value pairs for the given prefix from Consul's key-value store,
          and writes a JSON representation to stdout. This can be used with the command
          "consul kv import" to move entire trees between Consul clusters.

              $ consul kv export vault
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count > 1)
        {
            await context.Err.WriteLineAsync($"Too many arguments (expected 1, got {args.Count.ToString(CultureInfo.InvariantCulture)})").ConfigureAwait(false);
            return 1;
        }

        var key = args.Count == 1 ? args[0] : "";
        if (key.StartsWith('/'))
        {
            key = key[1..];
        }

        using var client = Client(context);
        List<KvPair> pairs;
        try
        {
            (var list, _) = await KvApi.ListAsync(client, key, KvApi.Q(("recurse", ""), ("stale", Http!.Stale ? "" : null)), cancellationToken).ConfigureAwait(false);
            pairs = list ?? [];
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error querying Consul agent: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync(Format(pairs)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Go's <c>json.MarshalIndent(entries, "", "\t")</c> of the export entries.</summary>
    internal static string Format(IReadOnlyList<KvPair> pairs)
    {
        if (pairs.Count == 0)
        {
            return "[]";
        }

        var sb = new StringBuilder("[\n");
        for (var i = 0; i < pairs.Count; i++)
        {
            var p = pairs[i];
            sb.Append("\t{\n");
            sb.Append("\t\t\"key\": ").Append(KvApi.GoJsonString(p.Key)).Append(",\n");
            sb.Append("\t\t\"flags\": ").Append(p.Flags.ToString(CultureInfo.InvariantCulture)).Append(",\n");
            sb.Append("\t\t\"value\": ").Append(KvApi.GoJsonString(Convert.ToBase64String(p.Value ?? []))).Append('\n');
            sb.Append(i < pairs.Count - 1 ? "\t},\n" : "\t}\n");
        }

        return sb.Append(']').ToString();
    }
}
