using ConsulSharp.Client;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl token delete -accessor-id ID</c>.</summary>
public sealed class AclTokenDeleteCommand : CommandBase
{
    private readonly FlagValue<string?> _accessorId;
    private readonly FlagValue<string?> _id;

    public AclTokenDeleteCommand()
        : base("acl token delete", serverFlags: true)
    {
        _accessorId = Flags.String("accessor-id", "", "The Accessor ID of the token to delete. It may be specified as a unique ID prefix but will error if the prefix matches multiple token Accessor IDs");
        _id = Flags.String("id", "", "DEPRECATED. Use -accessor-id instead.");
    }

    public override string Synopsis => "Delete an ACL token";

    protected override string UsageText => """
        Usage: consul acl token delete [options] -accessor-id TOKEN

          Deletes a token chosen by its accessor ID or a unique prefix of it.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var accessor = _accessorId.Value ?? "";
        if (accessor.Length == 0)
        {
            if (string.IsNullOrEmpty(_id.Value))
            {
                await context.Err.WriteLineAsync("Must specify the -accessor-id parameter").ConfigureAwait(false);
                return 1;
            }

            accessor = _id.Value;
            await context.Err.WriteLineAsync("Use the -accessor-id parameter to specify token by Accessor ID.").ConfigureAwait(false);
        }

        using var client = Client(context);
        string resolved;
        try
        {
            resolved = await AclCli.TokenAccessorIdFromPartialAsync(client, accessor, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
        {
            await context.Err.WriteLineAsync("Error determining token ID: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        try
        {
            await client.Acl.TokenDeleteAsync(resolved, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error deleting token {AclCli.Quote(resolved)}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync($"Token {AclCli.Quote(resolved)} deleted successfully").ConfigureAwait(false);
        return 0;
    }
}
