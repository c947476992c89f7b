using ConsulSharp.Client;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl role delete -id ID|-name NAME</c>.</summary>
public sealed class AclRoleDeleteCommand : CommandBase
{
    private readonly FlagValue<string?> _id;
    private readonly FlagValue<string?> _name;

    public AclRoleDeleteCommand()
        : base("acl role delete", serverFlags: true)
    {
        _id = Flags.String("id", "", "The ID of the role to delete. It may be specified as a unique ID prefix but will error if the prefix matches multiple role IDs");
        _name = Flags.String("name", "", "The name of the role to delete.");
    }

    public override string Synopsis => "Delete an ACL role";

    protected override string UsageText => """
        Usage: consul acl role delete [options] -id ROLE

          Deletes a role chosen by -id (a unique ID prefix is enough) or -name.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var id = _id.Value ?? "";
        var name = _name.Value ?? "";
        if (id.Length == 0 && name.Length == 0)
        {
            await context.Err.WriteLineAsync("Must specify the -id or -name parameters").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        string roleId;
        try
        {
            roleId = id.Length > 0
                ? await AclCli.RoleIdFromPartialAsync(client, id, cancellationToken).ConfigureAwait(false)
                : await AclCli.RoleIdByNameAsync(client, name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
        {
            await context.Err.WriteLineAsync("Error determining role ID: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        try
        {
            await client.Acl.RoleDeleteAsync(roleId, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error deleting role {AclCli.Quote(roleId)}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync($"Role {AclCli.Quote(roleId)} deleted successfully").ConfigureAwait(false);
        return 0;
    }
}
