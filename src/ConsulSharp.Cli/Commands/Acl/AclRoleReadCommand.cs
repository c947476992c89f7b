using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl role read -id ID|-name NAME</c>.</summary>
public sealed class AclRoleReadCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _id;
    private readonly FlagValue<string?> _name;
    private readonly FlagValue<string?> _format;

    public AclRoleReadCommand()
        : base("acl role read", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that role metadata such as the content hash and raft indices should be shown for each entry");
        _id = Flags.String("id", "", "The ID of the role to read. It may be specified as a unique ID prefix but will error if the prefix matches multiple policy IDs");
        _name = Flags.String("name", "", "The name of the role to read.");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Read an ACL role";

    protected override string UsageText => """
        Usage: consul acl role read [options] ROLE

          Prints one role, chosen by -id (a unique ID prefix is enough) or -name.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var id = _id.Value ?? "";
        var name = _name.Value ?? "";
        if (id.Length == 0 && name.Length == 0)
        {
            await context.Err.WriteLineAsync("Must specify either the -id or -name parameters").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        AclRoleEntry? role;
        if (id.Length > 0)
        {
            string roleId;
            try
            {
                roleId = await AclCli.RoleIdFromPartialAsync(client, id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
            {
                await context.Err.WriteLineAsync("Error determining role ID: " + ex.Message).ConfigureAwait(false);
                return 1;
            }

            try
            {
                role = await client.Acl.RoleReadAsync(roleId, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error reading role {AclCli.Quote(roleId)}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            if (role is null)
            {
                await context.Err.WriteLineAsync($"Role not found with ID {AclCli.Quote(roleId)}").ConfigureAwait(false);
                return 1;
            }
        }
        else
        {
            try
            {
                role = await client.Acl.RoleReadByNameAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error reading role {AclCli.Quote(name)}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            if (role is null)
            {
                await context.Err.WriteLineAsync($"Role not found with name {AclCli.Quote(name)}").ConfigureAwait(false);
                return 1;
            }
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Role(role, _meta.Value), () => AclFormat.Json(role, ConsulJson.CompactContext.AclRoleEntry)).ConfigureAwait(false);
    }
}
