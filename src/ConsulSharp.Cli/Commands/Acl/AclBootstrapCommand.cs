using ConsulSharp.Client;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl bootstrap [SECRET|@file|-]</c>: create the initial management token once.</summary>
public sealed class AclBootstrapCommand : CommandBase
{
    private readonly FlagValue<string?> _format;

    public AclBootstrapCommand()
        : base("acl bootstrap", serverFlags: true)
    {
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Bootstrap Consul's ACL system";

    protected override string UsageText => """
        Usage: consul acl bootstrap [options] [SECRET]

          Asks Consul to create the initial management token (unlimited privileges) and prints it. This works once;
          afterwards bootstrapping is disabled. The optional argument names a file holding the secret to use, or - for
          stdin.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count > 1)
        {
            await context.Err.WriteLineAsync("This command takes up to one argument").ConfigureAwait(false);
            return 1;
        }

        var secret = "";
        if (args.Count == 1)
        {
            try
            {
                secret = (await AclCli.LoadDataSourceNoRawAsync(args[0], context, cancellationToken).ConfigureAwait(false)).Trim();
            }
            catch (AclArgumentException ex)
            {
                await context.Err.WriteLineAsync("Error reading provided token: " + ex.Message).ConfigureAwait(false);
                return 1;
            }
        }

        using var client = Client(context);
        AclTokenEntry token;
        try
        {
            token = await client.Acl.BootstrapAsync(secret, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Failed ACL bootstrapping: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Token(token, false), () => AclFormat.Json(token, Contracts.ConsulJson.CompactContext.AclTokenEntry)).ConfigureAwait(false);
    }
}
