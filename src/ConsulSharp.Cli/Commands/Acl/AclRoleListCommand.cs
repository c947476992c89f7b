using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl role list</c>.</summary>
public sealed class AclRoleListCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _format;

    public AclRoleListCommand()
        : base("acl role list", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that role metadata such as the content hash and raft indices should be shown for each entry");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Lists ACL roles";

    protected override string UsageText => """
        Usage: consul acl role list [options]

          Lists all the ACL roles.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        List<AclRoleEntry> roles;
        try
        {
            roles = await client.Acl.RoleListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Failed to retrieve the role list: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.RoleList(roles, _meta.Value), () => AclFormat.Json(roles, ConsulJson.CompactContext.ListAclRoleEntry)).ConfigureAwait(false);
    }
}
