using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl policy create -name NAME [-description] [-rules value|@file|-] [-valid-datacenter]...</c>.</summary>
public sealed class AclPolicyCreateCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _name;
    private readonly FlagValue<string?> _description;
    private readonly FlagValue<IReadOnlyList<string>> _datacenters;
    private readonly FlagValue<string?> _rules;
    private readonly FlagValue<string?> _format;

    public AclPolicyCreateCommand()
        : base("acl policy create", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that policy metadata such as the content hash and raft indices should be shown for each entry");
        _name = Flags.String("name", "", "The new policy's name. This flag is required.");
        _description = Flags.String("description", "", "A description of the policy");
        _datacenters = Flags.Strings("valid-datacenter", "Datacenter that the policy should be valid within. This flag may be specified multiple times");
        _rules = Flags.String("rules", "", "The policy rules. May be prefixed with '@' to indicate that the value is a file path to load the rules from. '-' may also be given to indicate that the rules are available on stdin");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Create an ACL policy";

    protected override string UsageText => """
        Usage: consul acl policy create -name NAME [options]

          Creates a policy. -rules takes the rules text, @file to read them from a file, or - for stdin.

              $ consul acl policy create -name "new-policy" -rules @rules.hcl
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_name.Value))
        {
            await context.Err.WriteLineAsync("Missing require '-name' flag").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        string rules;
        try
        {
            rules = await AclCli.LoadDataSourceAsync(_rules.Value, context, cancellationToken).ConfigureAwait(false);
        }
        catch (AclArgumentException ex)
        {
            await context.Err.WriteLineAsync("Error loading rules: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        AclPolicyEntry created;
        try
        {
            created = await client.Acl.PolicyCreateAsync(
                new AclPolicyEntry
                {
                    Name = _name.Value,
                    Description = _description.Value ?? "",
                    Datacenters = _datacenters.Value.Count > 0 ? [.. _datacenters.Value] : null,
                    Rules = rules,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Failed to create new policy: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Policy(created, _meta.Value), () => AclFormat.Json(created, ConsulJson.CompactContext.AclPolicyEntry)).ConfigureAwait(false);
    }
}
