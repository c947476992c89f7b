using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl token list</c>.</summary>
public sealed class AclTokenListCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _format;

    public AclTokenListCommand()
        : base("acl token list", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that token metadata such as the content hash and Raft indices should be shown for each entry");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "List ACL tokens";

    protected override string UsageText => """
        Usage: consul acl token list [options]

          List all the ACL tokens.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        List<AclTokenEntry> tokens;
        try
        {
            tokens = await client.Acl.TokenListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Failed to retrieve the token list: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.TokenList(tokens, _meta.Value), () => AclFormat.Json(tokens, ConsulJson.CompactContext.ListAclTokenEntry)).ConfigureAwait(false);
    }
}
