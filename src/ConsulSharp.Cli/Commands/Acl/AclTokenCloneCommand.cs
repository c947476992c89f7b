using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl token clone -accessor-id ID [-description]</c>.</summary>
public sealed class AclTokenCloneCommand : CommandBase
{
    private readonly FlagValue<string?> _accessorId;
    private readonly FlagValue<string?> _description;
    private readonly FlagValue<string?> _format;
    private readonly FlagValue<string?> _id;

    public AclTokenCloneCommand()
        : base("acl token clone", serverFlags: true)
    {
        _accessorId = Flags.String("accessor-id", "", "The Accessor ID of the token to clone. It may be specified as a unique ID prefix but will error if the prefix matches multiple token Accessor IDs. The special value of 'anonymous' may be provided instead of the anonymous tokens accessor ID");
        _description = Flags.String("description", "", "A description of the new cloned token");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
        _id = Flags.String("id", "", "DEPRECATED. Use -accessor-id instead.");
    }

    public override string Synopsis => "Clone an ACL token";

    protected override string UsageText => """
        Usage: consul acl token clone [options]

          Clones a token, optionally with another description.

              $ consul acl token clone -accessor-id abcd -description "replication"
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var accessor = _accessorId.Value ?? "";
        if (accessor.Length == 0)
        {
            if (string.IsNullOrEmpty(_id.Value))
            {
                await context.Err.WriteLineAsync("Cannot update a token without specifying the -accessor-id parameter").ConfigureAwait(false);
                return 1;
            }

            accessor = _id.Value;
            await context.Err.WriteLineAsync("The -id parameter is deprecated. Use the -accessor-id parameter instead.").ConfigureAwait(false);
        }

        using var client = Client(context);
        string resolved;
        try
        {
            resolved = await AclCli.TokenAccessorIdFromPartialAsync(client, accessor, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
        {
            await context.Err.WriteLineAsync("Error determining token Accessor ID: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        AclTokenEntry clone;
        try
        {
            clone = await client.Acl.TokenCloneAsync(resolved, _description.Value ?? "", cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Error cloning token: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Token(clone, false), () => AclFormat.Json(clone, ConsulJson.CompactContext.AclTokenEntry)).ConfigureAwait(false);
    }
}
