using System.Globalization;
using System.Text;
using ConsulSharp.Client;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Kv;

/// <summary><c>consul kv get</c>: one value, a prefix (<c>-recurse</c>), or key names (<c>-keys</c>), as Consul prints them.</summary>
public sealed class KvGetCommand : CommandBase
{
    private readonly FlagValue<bool> _base64;
    private readonly FlagValue<bool> _detailed;
    private readonly FlagValue<bool> _keys;
    private readonly FlagValue<bool> _recurse;
    private readonly FlagValue<string?> _separator;

    public KvGetCommand()
        : base("kv get", serverFlags: true)
    {
        _base64 = Flags.Bool("base64", false, "Base64 encode the value. The default value is false.");
        _detailed = Flags.Bool("detailed", false, "Provide additional metadata about the key in addition to the value such as the ModifyIndex and any flags that may have been set on the key. The default value is false.");
        _keys = Flags.Bool("keys", false, "List keys which start with the given prefix, but not their values. This is especially useful if you only need the key names themselves. This option is commonly combined with the -separator option. The default value is false.");
        _recurse = Flags.Bool("recurse", false, "Recursively look at all keys prefixed with the given path. The default value is false.");
        _separator = Flags.String("separator", "/", "String to use as a separator between keys. The default value is \"/\", but this option is only taken into account when paired with the -keys flag.");
    }

    public override string Synopsis => "Retrieves or lists data from the KV store";

    protected override string UsageText => """
        Usage: consul kv get [options] [KEY_OR_PREFIX]

          Retrieves the value from Consul's key-value store at the given key name. If no
          key exists with that name, an error is returned. If a key exists with that
          name but has no data, nothing is returned. If the name or prefix is omitted,
          it defaults to "" which is the root of the key-value store.
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

        if (key.Length == 0 && !(_recurse.Value || _keys.Value))
        {
            await context.Err.WriteLineAsync("Error! Missing KEY argument").ConfigureAwait(false);
            return 1;
        }

        var stale = Http!.Stale ? "" : null;
        using var client = Client(context);
        try
        {
            if (_keys.Value && !_recurse.Value)
            {
                var keys = await KvApi.KeysAsync(client, key, KvApi.Q(("keys", ""), ("separator", _separator.Value ?? ""), ("stale", stale)), cancellationToken).ConfigureAwait(false);
                foreach (var k in keys)
                {
                    await context.Out.WriteLineAsync(k).ConfigureAwait(false);
                }

                return 0;
            }

            if (_recurse.Value)
            {
                var (pairs, _) = await KvApi.ListAsync(client, key, KvApi.Q(("recurse", ""), ("stale", stale)), cancellationToken).ConfigureAwait(false);
                pairs ??= [];
                for (var i = 0; i < pairs.Count; i++)
                {
                    var p = pairs[i];
                    if (_detailed.Value)
                    {
                        await context.Out.WriteLineAsync(Pretty(p, _base64.Value, withValue: !_keys.Value)).ConfigureAwait(false);
                        if (i < pairs.Count - 1)
                        {
                            await context.Out.WriteLineAsync().ConfigureAwait(false);
                        }
                    }
                    else if (_keys.Value)
                    {
                        await context.Out.WriteLineAsync(p.Key).ConfigureAwait(false);
                    }
                    else
                    {
                        await context.Out.WriteLineAsync($"{p.Key}:{ValueText(p, _base64.Value)}").ConfigureAwait(false);
                    }
                }

                return 0;
            }

            var (one, _) = await KvApi.ListAsync(client, key, KvApi.Q(("stale", stale)), cancellationToken).ConfigureAwait(false);
            if (one is not { Count: > 0 })
            {
                await context.Err.WriteLineAsync($"Error! No key exists at: {key}").ConfigureAwait(false);
                return 1;
            }

            await context.Out.WriteLineAsync(_detailed.Value ? Pretty(one[0], _base64.Value, withValue: true) : ValueText(one[0], _base64.Value)).ConfigureAwait(false);
            return 0;
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error querying Consul agent: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static string ValueText(KvPair p, bool base64) =>
        base64 ? Convert.ToBase64String(p.Value ?? []) : Encoding.UTF8.GetString(p.Value ?? []);

    /// <summary>Consul's <c>prettyKVPair</c> through a tabwriter(0, 2, 6): values start at the widest name + 6.</summary>
    internal static string Pretty(KvPair p, bool base64, bool withValue)
    {
        var rows = new List<(string Name, string Value)>
        {
            ("CreateIndex", p.CreateIndex.ToString(CultureInfo.InvariantCulture)),
            ("Flags", p.Flags.ToString(CultureInfo.InvariantCulture)),
            ("Key", p.Key),
            ("LockIndex", p.LockIndex.ToString(CultureInfo.InvariantCulture)),
            ("ModifyIndex", p.ModifyIndex.ToString(CultureInfo.InvariantCulture)),
            ("Session", p.Session.Length == 0 ? "-" : p.Session),
        };
        if (withValue)
        {
            rows.Add(("Value", ValueText(p, base64)));
        }

        var width = rows.Max(r => r.Name.Length) + 6;
        return string.Join('\n', rows.Select(r => r.Name.PadRight(width) + r.Value));
    }
}
