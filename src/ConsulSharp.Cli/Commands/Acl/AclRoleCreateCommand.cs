using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl role create -name NAME</c> with policies and identities (at least one of them).</summary>
public sealed class AclRoleCreateCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _name;
    private readonly FlagValue<string?> _description;
    private readonly FlagValue<IReadOnlyList<string>> _policyIds;
    private readonly FlagValue<IReadOnlyList<string>> _policyNames;
    private readonly FlagValue<IReadOnlyList<string>> _serviceIdents;
    private readonly FlagValue<IReadOnlyList<string>> _nodeIdents;
    private readonly FlagValue<string?> _format;

    public AclRoleCreateCommand()
        : base("acl role create", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that role metadata such as the content hash and raft indices should be shown for each entry");
        _name = Flags.String("name", "", "The new role's name. This flag is required.");
        _description = Flags.String("description", "", "A description of the role");
        _policyIds = Flags.Strings("policy-id", "ID of a policy to use for this role. May be specified multiple times");
        _policyNames = Flags.Strings("policy-name", "Name of a policy to use for this role. May be specified multiple times");
        _serviceIdents = Flags.Strings("service-identity", "Name of a service identity to use for this role. May be specified multiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...");
        _nodeIdents = Flags.Strings("node-identity", "Name of a node identity to use for this role. May be specified multiple times. Format is NODENAME:DATACENTER");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Create an ACL role";

    protected override string UsageText => """
        Usage: consul acl role create -name NAME [options]

          Creates a role linked to policies and service or node identities.

              $ consul acl role create -name "new-role" -policy-name "acl-replication" -service-identity "web"
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_name.Value))
        {
            await context.Err.WriteLineAsync("Missing require '-name' flag").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        if (_policyNames.Value.Count == 0 && _policyIds.Value.Count == 0 && _serviceIdents.Value.Count == 0 && _nodeIdents.Value.Count == 0)
        {
            await context.Err.WriteLineAsync("Cannot create a role without specifying -policy-name, -policy-id, -service-identity, or -node-identity at least once").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        var policies = _policyNames.Value.Select(n => new AclLinkEntry { Name = n }).ToList();
        foreach (var raw in _policyIds.Value)
        {
            try
            {
                policies.Add(new AclLinkEntry { ID = await AclCli.PolicyIdFromPartialAsync(client, raw, cancellationToken).ConfigureAwait(false) });
            }
            catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
            {
                await context.Err.WriteLineAsync($"Error resolving policy ID {raw}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        AclRoleEntry role;
        try
        {
            role = new AclRoleEntry
            {
                Name = _name.Value,
                Description = _description.Value ?? "",
                Policies = policies.Count > 0 ? policies : null,
                ServiceIdentities = AclCli.ServiceIdentities(_serviceIdents.Value),
                NodeIdentities = AclCli.NodeIdentities(_nodeIdents.Value),
            };
        }
        catch (AclArgumentException ex)
        {
            await context.Err.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }

        AclRoleEntry created;
        try
        {
            created = await client.Acl.RoleCreateAsync(role, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Failed to create new role: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Role(created, _meta.Value), () => AclFormat.Json(created, ConsulJson.CompactContext.AclRoleEntry)).ConfigureAwait(false);
    }
}
