using ConsulSharp.Client;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl policy delete -id ID|-name NAME</c>.</summary>
public sealed class AclPolicyDeleteCommand : CommandBase
{
    private readonly FlagValue<string?> _id;
    private readonly FlagValue<string?> _name;

    public AclPolicyDeleteCommand()
        : base("acl policy delete", serverFlags: true)
    {
        _id = Flags.String("id", "", "The ID of the policy to delete. It may be specified as a unique ID prefix but will error if the prefix matches multiple policy IDs");
        _name = Flags.String("name", "", "The name of the policy to delete.");
    }

    public override string Synopsis => "Delete an ACL policy";

    protected override string UsageText => """
        Usage: consul acl policy delete [options] -id POLICY

          Deletes a policy chosen by -id (a unique ID prefix is enough) or -name.
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
        string policyId;
        try
        {
            policyId = id.Length > 0
                ? await AclCli.PolicyIdFromPartialAsync(client, id, cancellationToken).ConfigureAwait(false)
                : (await AclCli.PolicyByNameAsync(client, name, cancellationToken).ConfigureAwait(false)).ID;
        }
        catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
        {
            await context.Err.WriteLineAsync("Error determining policy ID: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        try
        {
            await client.Acl.PolicyDeleteAsync(policyId, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error deleting policy {AclCli.Quote(policyId)}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync($"Policy {AclCli.Quote(policyId)} deleted successfully").ConfigureAwait(false);
        return 0;
    }
}
