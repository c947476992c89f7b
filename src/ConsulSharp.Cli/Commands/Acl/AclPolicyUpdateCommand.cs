using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary>
/// <c>consul acl policy update -id ID|-name NAME [-description] [-rules] [-valid-datacenter]... [-no-merge]</c>: fields
/// not given keep their current values unless <c>-no-merge</c>.
/// </summary>
public sealed class AclPolicyUpdateCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _id;
    private readonly FlagValue<string?> _name;
    private readonly FlagValue<string?> _description;
    private readonly FlagValue<IReadOnlyList<string>> _datacenters;
    private readonly FlagValue<string?> _rules;
    private readonly FlagValue<bool> _noMerge;
    private readonly FlagValue<string?> _format;

    public AclPolicyUpdateCommand()
        : base("acl policy update", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that policy metadata such as the content hash and raft indices should be shown for each entry");
        _id = Flags.String("id", "", "The ID of the policy to update. It may be specified as a unique ID prefix but will error if the prefix matches multiple policy IDs");
        _name = Flags.String("name", "", "The policies name.");
        _description = Flags.String("description", "", "A description of the policy");
        _datacenters = Flags.Strings("valid-datacenter", "Datacenter that the policy should be valid within. This flag may be specified multiple times");
        _rules = Flags.String("rules", "", "The policy rules. May be prefixed with '@' to indicate that the value is a file path to load the rules from. '-' may also be given to indicate that the rules are available on stdin");
        _noMerge = Flags.Bool("no-merge", false, "Do not merge the current policy information with what is provided to the command. Instead overwrite all fields with the exception of the policy ID which is immutable.");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Update an ACL policy";

    protected override string UsageText => """
        Usage: consul acl policy update [options]

          Updates a policy. The given fields are merged into the current policy unless -no-merge is passed.

              $ consul acl policy update -id abcd -name "better-name"
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

        string rules;
        try
        {
            rules = await AclCli.LoadDataSourceAsync(_rules.Value, context, cancellationToken).ConfigureAwait(false);
        }
        catch (AclArgumentException ex)
        {
            await context.Err.WriteLineAsync("Error loading data source: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        var datacenters = _datacenters.Value.Count > 0 ? _datacenters.Value.ToList() : null;
        AclPolicyEntry updated;
        if (_noMerge.Value)
        {
            updated = new AclPolicyEntry { ID = policyId, Name = name, Description = _description.Value ?? "", Datacenters = datacenters, Rules = rules };
        }
        else
        {
            AclPolicyEntry current;
            try
            {
                current = await client.Acl.PolicyReadAsync(policyId, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error reading policy {AclCli.Quote(policyId)}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            updated = new AclPolicyEntry
            {
                ID = policyId,
                Name = Flags.IsSet("name") ? name : current.Name,
                Description = Flags.IsSet("description") ? _description.Value ?? "" : current.Description,
                Datacenters = datacenters ?? current.Datacenters,
                Rules = Flags.IsSet("rules") ? rules : current.Rules,
            };
        }

        AclPolicyEntry result;
        try
        {
            result = await client.Acl.PolicyUpdateAsync(updated, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error updating policy {AclCli.Quote(policyId)}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Policy(result, _meta.Value), () => AclFormat.Json(result, ConsulJson.CompactContext.AclPolicyEntry)).ConfigureAwait(false);
    }
}
