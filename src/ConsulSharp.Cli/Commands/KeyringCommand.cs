using System.Text;
using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul keyring -list | -install | -use | -remove</c>: gossip encryption keys across the cluster.</summary>
public sealed class KeyringCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<bool> _list;
    private readonly Core.Flags.FlagValue<bool> _listPrimary;
    private readonly Core.Flags.FlagValue<string?> _install;
    private readonly Core.Flags.FlagValue<string?> _use;
    private readonly Core.Flags.FlagValue<string?> _remove;
    private readonly Core.Flags.FlagValue<int> _relayFactor;
    private readonly Core.Flags.FlagValue<bool> _localOnly;

    public KeyringCommand()
        : base("keyring")
    {
        _install = Flags.String("install", null, "Install a new encryption key. This will broadcast the new key to all members in the cluster.");
        _use = Flags.String("use", null, "Change the primary encryption key, which is used to encrypt messages. The key must already be installed before this operation can succeed.");
        _remove = Flags.String("remove", null, "Remove the given key from the cluster. This operation may only be performed on keys which are not currently the primary key.");
        _list = Flags.Bool("list", false, "List all keys currently in use within the cluster.");
        _listPrimary = Flags.Bool("list-primary", false, "List all primary keys currently in use within the cluster.");
        _relayFactor = Flags.Int("relay-factor", 0, "Setting this to a non-zero value will cause nodes to relay their response to the operation through this many randomly-chosen other nodes in the cluster. The maximum allowed value is 5.");
        _localOnly = Flags.Bool("local-only", false, "Setting this to true will force the keyring query to only hit local servers (no WAN traffic). This flag can only be set for list queries.");
    }

    public override string Synopsis => "Manages gossip layer encryption keys";

    protected override string UsageText => "Usage: consul keyring [options]\n\n  Manages encryption keys used for gossip messages. Gossip encryption is\n  optional. When enabled, this command may be used to examine active encryption\n  keys in the cluster, add new keys, and remove old ones. When combined, this\n  functionality provides the ability to perform key rotation cluster-wide,\n  without disrupting the cluster.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var actions = new[] { _list.Value, _listPrimary.Value, _install.Value is not null, _use.Value is not null, _remove.Value is not null }.Count(a => a);
        if (actions == 0)
        {
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        if (actions > 1)
        {
            await context.Err.WriteLineAsync("Only a single action is allowed").ConfigureAwait(false);
            return 1;
        }

        if (_relayFactor.Value is < 0 or > 5)
        {
            await context.Err.WriteLineAsync("Error parsing relay factor: Relay factor must be in range: [0, 5]").ConfigureAwait(false);
            return 1;
        }

        if (_localOnly.Value && !(_list.Value || _listPrimary.Value))
        {
            await context.Err.WriteLineAsync("Local-only can only be set for list queries").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        var query = _relayFactor.Value > 0 ? $"?relay-factor={_relayFactor.Value}" : "";
        if (_list.Value || _listPrimary.Value)
        {
            await context.Out.WriteLineAsync(_list.Value ? "==> Gathering installed encryption keys..." : "==> Gathering installed primary encryption keys...").ConfigureAwait(false);
            ConsulResponse res;
            try
            {
                res = await client.GetAsync("/v1/operator/keyring" + query + (_localOnly.Value ? (query.Length > 0 ? "&" : "?") + "local-only=true" : ""), cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            using var doc = JsonDocument.Parse(res.Body);
            foreach (var r in doc.RootElement.EnumerateArray())
            {
                await context.Out.WriteLineAsync(Format(r, _listPrimary.Value ? "PrimaryKeys" : "Keys")).ConfigureAwait(false);
            }

            return 0;
        }

        var (method, key, message) = _install.Value is { } i ? (HttpMethod.Post, i, "Installing new gossip encryption key...")
            : _use.Value is { } u ? (HttpMethod.Put, u, "Changing primary gossip encryption key...")
            : (HttpMethod.Delete, _remove.Value!, "Removing gossip encryption key...");
        await context.Out.WriteLineAsync("==> " + message).ConfigureAwait(false);
        try
        {
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["Key"] = key }, KeyringCommandJson.Default.DictionaryStringString));
            await client.SendAsync(method, "/v1/operator/keyring" + query, body, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    /// <summary>Consul's keyring list block: blank line, pool name, node messages, then each key with its node count.</summary>
    private static string Format(JsonElement r, string keysField)
    {
        var sb = new StringBuilder("\n");
        var wan = r.TryGetProperty("WAN", out var w) && w.GetBoolean();
        sb.Append(wan ? "WAN" : $"{r.GetProperty("Datacenter").GetString()} (LAN)").Append(":\n");
        if (r.TryGetProperty("Messages", out var messages) && messages.ValueKind == JsonValueKind.Object)
        {
            foreach (var m in messages.EnumerateObject())
            {
                sb.Append("  ===> ").Append(m.Name).Append(": ").Append(m.Value.GetString()).Append('\n');
            }
        }

        var total = r.GetProperty("NumNodes").GetInt32();
        if (r.TryGetProperty(keysField, out var keys) && keys.ValueKind == JsonValueKind.Object)
        {
            foreach (var k in keys.EnumerateObject())
            {
                sb.Append("  ").Append(k.Name).Append(" [").Append(k.Value.GetInt32()).Append('/').Append(total).Append("]\n");
            }
        }

        return sb.ToString().TrimEnd('\n');
    }
}
