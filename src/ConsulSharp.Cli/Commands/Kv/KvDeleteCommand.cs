using System.Globalization;
using ConsulSharp.Client;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Kv;

/// <summary><c>consul kv delete</c>: one key, a prefix (<c>-recurse</c>) or check-and-set.</summary>
public sealed class KvDeleteCommand : CommandBase
{
    private readonly FlagValue<bool> _cas;
    private readonly FlagValue<ulong> _modifyIndex;
    private readonly FlagValue<bool> _recurse;

    public KvDeleteCommand()
        : base("kv delete", serverFlags: true)
    {
        _cas = Flags.Bool("cas", false, "Perform a Check-And-Set operation. Specifying this value also requires the -modify-index flag to be set. The default value is false.");
        _modifyIndex = Flags.UInt64("modify-index", 0, "Unsigned integer representing the ModifyIndex of the key. This is used in combination with the -cas flag.");
        _recurse = Flags.Bool("recurse", false, "Recursively delete all keys with the path. The default value is false.");
    }

    public override string Synopsis => "Removes data from the KV store";

    protected override string UsageText => """
        Usage: consul kv delete [options] KEY_OR_PREFIX

          Removes the value from Consul's key-value store at the given path. If no
          key exists at the path, no action is taken.
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

        string? error = null;
        if (key.Length == 0 && !_recurse.Value)
        {
            error = "Error! Missing KEY argument";
        }
        else if (_cas.Value && _modifyIndex.Value == 0)
        {
            error = "Cannot delete a key that does not exist. Provide a -modify-index greater than than 0.";
        }
        else if (_modifyIndex.Value != 0 && !_cas.Value)
        {
            error = "Cannot specify -modify-index without -cas!";
        }
        else if (_recurse.Value && _cas.Value)
        {
            error = "Cannot specify both -cas and -recurse!";
        }

        if (error is not null)
        {
            await context.Err.WriteLineAsync(error).ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        if (_recurse.Value)
        {
            try
            {
                await KvApi.BoolAsync(client, HttpMethod.Delete, key, "?recurse", null, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error! Did not delete prefix {key}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            await context.Out.WriteLineAsync($"Success! Deleted keys with prefix: {key}").ConfigureAwait(false);
            return 0;
        }

        if (_cas.Value)
        {
            bool ok;
            try
            {
                ok = await KvApi.BoolAsync(client, HttpMethod.Delete, key, "?cas=" + _modifyIndex.Value.ToString(CultureInfo.InvariantCulture), null, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error! Did not delete key {key}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            if (!ok)
            {
                await context.Err.WriteLineAsync($"Error! Did not delete key {key}: CAS failed").ConfigureAwait(false);
                return 1;
            }

            await context.Out.WriteLineAsync($"Success! Deleted key: {key}").ConfigureAwait(false);
            return 0;
        }

        try
        {
            await KvApi.BoolAsync(client, HttpMethod.Delete, key, "", null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error deleting key {key}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync($"Success! Deleted key: {key}").ConfigureAwait(false);
        return 0;
    }
}
