using System.Globalization;
using System.Text;
using ConsulSharp.Client;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Kv;

/// <summary><c>consul kv put</c>: plain, check-and-set, acquire and release writes with Consul's messages.</summary>
public sealed class KvPutCommand : CommandBase
{
    private readonly FlagValue<bool> _cas;
    private readonly FlagValue<ulong> _flags;
    private readonly FlagValue<ulong> _modifyIndex;
    private readonly FlagValue<string?> _session;
    private readonly FlagValue<bool> _base64;
    private readonly FlagValue<bool> _acquire;
    private readonly FlagValue<bool> _release;

    public KvPutCommand()
        : base("kv put", serverFlags: true)
    {
        _cas = Flags.Bool("cas", false, "Perform a Check-And-Set operation. Specifying this value also requires the -modify-index flag to be set. The default value is false.");
        _flags = Flags.UInt64("flags", 0, "Unsigned integer value to assign to this key-value pair. This value is not read by Consul, so clients can use this value however makes sense for their use case. The default value is 0 (no flags).");
        _modifyIndex = Flags.UInt64("modify-index", 0, "Unsigned integer representing the ModifyIndex of the key. This is used in combination with the -cas flag.");
        _session = Flags.String("session", "", "User-defined identifer for this session as a string. This is commonly used with the -acquire and -release operations to build robust locking, but it can be set on any key. The default value is empty (no session).");
        _base64 = Flags.Bool("base64", false, "Treat the data as base 64 encoded. The default value is false.");
        _acquire = Flags.Bool("acquire", false, "Obtain a lock on the key. If the key does not exist, this operation will create the key and obtain the lock. The session must already exist and be specified via the -session flag. The default value is false.");
        _release = Flags.Bool("release", false, "Forfeit the lock on the key at the given path. This requires the -session flag to be set. The key must be held by the session in order to be unlocked. The default value is false.");
    }

    public override string Synopsis => "Sets or updates data in the KV store";

    protected override string UsageText => """
        Usage: consul kv put [options] KEY [DATA]

          Writes the data to the given path in the key-value store. The data can be of
          any type.

              $ consul kv put config/redis/maxconns 5

          The data can also be consumed from a file on disk by prefixing with the "@"
          symbol. For example:

              $ consul kv put config/program/license @license.lic

          Or it can be read from stdin using the "-" symbol:

              $ echo "abcd1234" | consul kv put config/program/license -

          The DATA argument itself is optional. If omitted, this will create the key
          with no data.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        string key;
        string data;
        try
        {
            switch (args.Count)
            {
                case 0:
                    throw new KvArgumentException("Missing KEY argument");
                case 1:
                    key = args[0];
                    data = "";
                    break;
                case 2:
                    key = args[0];
                    data = await KvApi.ReadDataAsync(args[1], context, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new KvArgumentException($"Too many arguments (expected 1 or 2, got {args.Count.ToString(CultureInfo.InvariantCulture)})");
            }
        }
        catch (KvArgumentException ex)
        {
            await context.Err.WriteLineAsync("Error! " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        var bytes = Encoding.UTF8.GetBytes(data);
        if (_base64.Value)
        {
            try
            {
                bytes = Convert.FromBase64String(data);
            }
            catch (FormatException ex)
            {
                // Consul reports this and carries on with the raw bytes.
                await context.Err.WriteLineAsync($"Error! Cannot base 64 decode data: {ex.Message}").ConfigureAwait(false);
            }
        }

        var session = _session.Value ?? "";
        if ((_release.Value || _acquire.Value) && session.Length == 0)
        {
            await context.Err.WriteLineAsync("Error! Missing -session (required with -acquire and -release)").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        var flags = _flags.Value == 0 ? null : KvApi.Flags(_flags.Value);
        try
        {
            if (_cas.Value)
            {
                bool ok;
                try
                {
                    ok = await KvApi.BoolAsync(client, HttpMethod.Put, key, KvApi.Q(("flags", flags), ("cas", _modifyIndex.Value.ToString(CultureInfo.InvariantCulture))), bytes, cancellationToken).ConfigureAwait(false);
                }
                catch (ConsulApiException ex)
                {
                    await context.Err.WriteLineAsync($"Error! Did not write to {key}: {ex.Message}").ConfigureAwait(false);
                    return 1;
                }

                if (!ok)
                {
                    await context.Err.WriteLineAsync(_modifyIndex.Value == 0
                        ? $"Error! Did not write to {key}: CAS performed with index=0 and key already exists."
                        : $"Error! Did not write to {key}: CAS failed").ConfigureAwait(false);
                    return 1;
                }

                await context.Out.WriteLineAsync($"Success! Data written to: {key}").ConfigureAwait(false);
                return 0;
            }

            if (_acquire.Value || _release.Value)
            {
                var verb = _acquire.Value ? "acquire" : "release";
                var ok = await KvApi.BoolAsync(client, HttpMethod.Put, key, KvApi.Q(("flags", flags), (verb, session)), bytes, cancellationToken).ConfigureAwait(false);
                if (!ok)
                {
                    await context.Err.WriteLineAsync(_acquire.Value ? "Error! Did not acquire lock" : "Error! Did not release lock").ConfigureAwait(false);
                    return 1;
                }

                await context.Out.WriteLineAsync(_acquire.Value ? $"Success! Lock acquired on: {key}" : $"Success! Lock released on: {key}").ConfigureAwait(false);
                return 0;
            }

            await KvApi.BoolAsync(client, HttpMethod.Put, key, KvApi.Q(("flags", flags)), bytes, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Success! Data written to: {key}").ConfigureAwait(false);
            return 0;
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error! Failed writing data: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
