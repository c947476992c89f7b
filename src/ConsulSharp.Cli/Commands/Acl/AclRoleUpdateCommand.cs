using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary>
/// <c>consul acl role update -id ID</c>: merges the given name, description, policies and identities into the role
/// (links already present are kept), or replaces everything with <c>-no-merge</c>.
/// </summary>
public sealed class AclRoleUpdateCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _id;
    private readonly FlagValue<string?> _name;
    private readonly FlagValue<string?> _description;
    private readonly FlagValue<IReadOnlyList<string>> _policyIds;
    private readonly FlagValue<IReadOnlyList<string>> _policyNames;
    private readonly FlagValue<IReadOnlyList<string>> _serviceIdents;
    private readonly FlagValue<IReadOnlyList<string>> _nodeIdents;
    private readonly FlagValue<bool> _noMerge;
    private readonly FlagValue<string?> _format;

    public AclRoleUpdateCommand()
        : base("acl role update", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that role metadata such as the content hash and raft indices should be shown for each entry");
        _id = Flags.String("id", "", "The ID of the role to update. It may be specified as a unique ID prefix but will error if the prefix matches multiple role IDs");
        _name = Flags.String("name", "", "The role name.");
        _description = Flags.String("description", "", "A description of the role");
        _policyIds = Flags.Strings("policy-id", "ID of a policy to use for this role. May be specified multiple times");
        _policyNames = Flags.Strings("policy-name", "Name of a policy to use for this role. May be specified multiple times");
        _serviceIdents = Flags.Strings("service-identity", "Name of a service identity to use for this role. May be specified multiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...");
        _nodeIdents = Flags.Strings("node-identity", "Name of a node identity to use for this role. May be specified multiple times. Format is NODENAME:DATACENTER");
        _noMerge = Flags.Bool("no-merge", false, "Do not merge the current role information with what is provided to the command. Instead overwrite all fields with the exception of the role ID which is immutable.");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Update an ACL role";

    protected override string UsageText => """
        Usage: consul acl role update [options]

          Updates a role. The given fields are merged into the current role unless -no-merge is passed.

              $ consul acl role update -id abcd -name "better-name"
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var id = _id.Value ?? "";
        if (id.Length == 0)
        {
            await context.Err.WriteLineAsync("Cannot update a role without specifying the -id parameter").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
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

        List<AclServiceIdentityEntry>? services;
        List<AclNodeIdentityEntry>? nodes;
        try
        {
            services = AclCli.ServiceIdentities(_serviceIdents.Value);
            nodes = AclCli.NodeIdentities(_nodeIdents.Value);
        }
        catch (AclArgumentException ex)
        {
            await context.Err.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }

        AclRoleEntry? current;
        try
        {
            current = await client.Acl.RoleReadAsync(roleId, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Error when retrieving current role: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        if (current is null)
        {
            await context.Err.WriteLineAsync($"Role not found with ID {AclCli.Quote(roleId)}").ConfigureAwait(false);
            return 1;
        }

        var policyIds = new List<string>();
        foreach (var raw in _policyIds.Value)
        {
            try
            {
                policyIds.Add(await AclCli.PolicyIdFromPartialAsync(client, raw, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
            {
                await context.Err.WriteLineAsync($"Error resolving policy ID {raw}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        AclRoleEntry role;
        if (_noMerge.Value)
        {
            var links = _policyNames.Value.Select(n => new AclLinkEntry { Name = n }).Concat(policyIds.Select(p => new AclLinkEntry { ID = p })).ToList();
            role = new AclRoleEntry
            {
                ID = roleId,
                Name = _name.Value ?? "",
                Description = _description.Value ?? "",
                Policies = links.Count > 0 ? links : null,
                ServiceIdentities = services,
                NodeIdentities = nodes,
            };
        }
        else
        {
            var links = current.Policies?.ToList() ?? [];
            links.AddRange(_policyNames.Value.Where(n => !links.Any(l => l.Name == n)).Select(n => new AclLinkEntry { Name = n }));
            links.AddRange(policyIds.Where(p => !links.Any(l => l.ID == p)).Select(p => new AclLinkEntry { ID = p }));
            var mergedServices = current.ServiceIdentities?.ToList() ?? [];
            foreach (var s in services ?? [])
            {
                var at = mergedServices.FindIndex(m => m.ServiceName == s.ServiceName);
                if (at >= 0)
                {
                    mergedServices[at] = s;
                }
                else
                {
                    mergedServices.Add(s);
                }
            }

            var mergedNodes = current.NodeIdentities?.ToList() ?? [];
            mergedNodes.AddRange((nodes ?? []).Where(n => !mergedNodes.Any(m => m.NodeName == n.NodeName && m.Datacenter == n.Datacenter)));
            role = current with
            {
                Name = string.IsNullOrEmpty(_name.Value) ? current.Name : _name.Value,
                Description = string.IsNullOrEmpty(_description.Value) ? current.Description : _description.Value,
                Policies = links.Count > 0 ? links : null,
                ServiceIdentities = mergedServices.Count > 0 ? mergedServices : null,
                NodeIdentities = mergedNodes.Count > 0 ? mergedNodes : null,
            };
        }

        AclRoleEntry updated;
        try
        {
            updated = await client.Acl.RoleUpdateAsync(role, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error updating role {AclCli.Quote(roleId)}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Role(updated, _meta.Value), () => AclFormat.Json(updated, ConsulJson.CompactContext.AclRoleEntry)).ConfigureAwait(false);
    }
}
