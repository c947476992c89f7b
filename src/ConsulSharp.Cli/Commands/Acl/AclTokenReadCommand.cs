using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl token read -accessor-id ID|-self</c> (<c>-id</c> is the deprecated spelling).</summary>
public sealed class AclTokenReadCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<bool> _self;
    private readonly FlagValue<string?> _accessorId;
    private readonly FlagValue<string?> _id;
    private readonly FlagValue<string?> _format;

    public AclTokenReadCommand()
        : base("acl token read", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that token metadata such as the content hash and Raft indices should be shown for each entry");
        _self = Flags.Bool("self", false, "Indicates that the current HTTP token should be read by secret ID instead of expecting a -accessor-id option");
        _accessorId = Flags.String("accessor-id", "", "The Accessor ID of the token to read. It may be specified as a unique ID prefix but will error if the prefix matches multiple token Accessor IDs");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
        _id = Flags.String("id", "", "DEPRECATED. Use -accessor-id instead.");
    }

    public override string Synopsis => "Read an ACL token";

    protected override string UsageText => """
        Usage: consul acl token read [options] -accessor-id TOKENID

          Prints one token, chosen by its accessor ID (a unique prefix is enough), or the request's own token with -self.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        AclTokenEntry token;
        if (!_self.Value)
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
                await context.Err.WriteLineAsync("Use the -accessor-id parameter to specify token by Accessor ID").ConfigureAwait(false);
            }

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
                token = await client.Acl.TokenReadAsync(resolved, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error reading token {AclCli.Quote(resolved)}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }
        else
        {
            try
            {
                token = await client.Acl.TokenReadSelfAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync("Error reading token: " + ex.Message).ConfigureAwait(false);
                return 1;
            }
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Token(token, _meta.Value), () => AclFormat.Json(token, ConsulJson.CompactContext.AclTokenEntry)).ConfigureAwait(false);
    }
}
