using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary>
/// <c>consul acl token update -accessor-id ID</c>: reads the token, replaces (<c>-policy-*</c>, <c>-role-*</c>) or extends
/// (<c>-append-*</c>) its links, and writes it back. As in Consul, service and node identities not given again are
/// dropped unless an <c>-append-*-identity</c> flag is used.
/// </summary>
public sealed class AclTokenUpdateCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _accessorId;
    private readonly FlagValue<string?> _description;
    private readonly FlagValue<IReadOnlyList<string>> _policyIds;
    private readonly FlagValue<IReadOnlyList<string>> _appendPolicyIds;
    private readonly FlagValue<IReadOnlyList<string>> _policyNames;
    private readonly FlagValue<IReadOnlyList<string>> _appendPolicyNames;
    private readonly FlagValue<IReadOnlyList<string>> _roleIds;
    private readonly FlagValue<IReadOnlyList<string>> _roleNames;
    private readonly FlagValue<IReadOnlyList<string>> _appendRoleIds;
    private readonly FlagValue<IReadOnlyList<string>> _appendRoleNames;
    private readonly FlagValue<IReadOnlyList<string>> _serviceIdents;
    private readonly FlagValue<IReadOnlyList<string>> _appendServiceIdents;
    private readonly FlagValue<IReadOnlyList<string>> _nodeIdents;
    private readonly FlagValue<IReadOnlyList<string>> _appendNodeIdents;
    private readonly FlagValue<string?> _format;
    private readonly FlagValue<string?> _id;

    public AclTokenUpdateCommand()
        : base("acl token update", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that token metadata such as the content hash and raft indices should be shown for each entry");
        _accessorId = Flags.String("accessor-id", "", "The Accessor ID of the token to update. It may be specified as a unique ID prefix but will error if the prefix matches multiple token Accessor IDs");
        _description = Flags.String("description", "", "A description of the token");
        _policyIds = Flags.Strings("policy-id", "ID of a policy to use for this token. Overwrites existing policies. May be specified multiple times");
        _appendPolicyIds = Flags.Strings("append-policy-id", "ID of a policy to use for this token. The token retains existing policies. May be specified multiple times");
        _policyNames = Flags.Strings("policy-name", "Name of a policy to use for this token. Overwrites existing policies. May be specified multiple times");
        _appendPolicyNames = Flags.Strings("append-policy-name", "Name of a policy to add to this token. The token retains existing policies. May be specified multiple times");
        _roleIds = Flags.Strings("role-id", "ID of a role to use for this token. Overwrites existing roles. May be specified multiple times");
        _roleNames = Flags.Strings("role-name", "Name of a role to use for this token. Overwrites existing roles. May be specified multiple times");
        _appendRoleIds = Flags.Strings("append-role-id", "ID of a role to add to this token. The token retains existing roles. May be specified multiple times");
        _appendRoleNames = Flags.Strings("append-role-name", "Name of a role to add to this token. The token retains existing roles. May be specified multiple times");
        _serviceIdents = Flags.Strings("service-identity", "Name of a service identity to use for this token. May be specified multiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...");
        _appendServiceIdents = Flags.Strings("append-service-identity", "Name of a service identity to use for this token. This token retains existing service identities. May be specifiedmultiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...");
        _nodeIdents = Flags.Strings("node-identity", "Name of a node identity to use for this token. May be specified multiple times. Format is NODENAME:DATACENTER");
        _appendNodeIdents = Flags.Strings("append-node-identity", "Name of a node identity to use for this token. This token retains existing node identities. May be specified multiple times. Format is NODENAME:DATACENTER");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
        _id = Flags.String("id", "", "DEPRECATED. Use -accessor-id instead.");
    }

    public override string Synopsis => "Update an ACL token";

    protected override string UsageText => """
        Usage: consul acl token update [options]

          Updates a token. Whether it is local cannot be changed.

              $ consul acl token update -accessor-id abcd -description "replication" -policy-name "token-replication"
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var accessor = _accessorId.Value ?? "";
        if (accessor.Length == 0)
        {
            if (string.IsNullOrEmpty(_id.Value))
            {
                await context.Err.WriteLineAsync("Cannot update a token without specifying the -accessor-id parameter").ConfigureAwait(false);
                return 1;
            }

            accessor = _id.Value;
            await context.Err.WriteLineAsync("Use the -accessor-id parameter to specify token by Accessor ID").ConfigureAwait(false);
        }

        using var client = Client(context);
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

        AclTokenEntry token;
        try
        {
            token = await client.Acl.TokenReadAsync(resolved, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Error when retrieving current token: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        if (!string.IsNullOrEmpty(_description.Value))
        {
            token = token with { Description = _description.Value };
        }

        var error = Conflicts();
        if (error is not null)
        {
            await context.Err.WriteLineAsync(error).ConfigureAwait(false);
            return 1;
        }

        List<AclServiceIdentityEntry>? services;
        List<AclNodeIdentityEntry>? nodes;
        var appendServices = _appendServiceIdents.Value.Count > 0;
        var appendNodes = _appendNodeIdents.Value.Count > 0;
        try
        {
            services = AclCli.ServiceIdentities(appendServices ? _appendServiceIdents.Value : _serviceIdents.Value);
            nodes = AclCli.NodeIdentities(appendNodes ? _appendNodeIdents.Value : _nodeIdents.Value);
        }
        catch (AclArgumentException ex)
        {
            await context.Err.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }

        var replacePolicies = _policyIds.Value.Count > 0 || _policyNames.Value.Count > 0;
        var policies = replacePolicies ? [] : token.Policies?.ToList() ?? [];
        policies.AddRange((replacePolicies ? _policyNames.Value : _appendPolicyNames.Value).Select(n => new AclLinkEntry { Name = n }));
        foreach (var raw in replacePolicies ? _policyIds.Value : _appendPolicyIds.Value)
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

        var replaceRoles = _roleIds.Value.Count > 0 || _roleNames.Value.Count > 0;
        var roles = replaceRoles ? [] : token.Roles?.ToList() ?? [];
        roles.AddRange((replaceRoles ? _roleNames.Value : _appendRoleNames.Value).Select(n => new AclLinkEntry { Name = n }));
        foreach (var raw in replaceRoles ? _roleIds.Value : _appendRoleIds.Value)
        {
            try
            {
                roles.Add(new AclLinkEntry { ID = await AclCli.RoleIdFromPartialAsync(client, raw, cancellationToken).ConfigureAwait(false) });
            }
            catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
            {
                await context.Err.WriteLineAsync($"Error resolving role ID {raw}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        if (appendServices)
        {
            var merged = token.ServiceIdentities?.ToList() ?? [];
            foreach (var s in services ?? [])
            {
                var at = merged.FindIndex(m => m.ServiceName == s.ServiceName);
                if (at >= 0)
                {
                    merged[at] = s;
                }
                else
                {
                    merged.Add(s);
                }
            }

            services = merged;
        }

        if (appendNodes)
        {
            var merged = token.NodeIdentities?.ToList() ?? [];
            merged.AddRange((nodes ?? []).Where(n => !merged.Any(m => m.NodeName == n.NodeName && m.Datacenter == n.Datacenter)));
            nodes = merged;
        }

        token = token with
        {
            Policies = policies.Count > 0 ? policies : null,
            Roles = roles.Count > 0 ? roles : null,
            ServiceIdentities = services is { Count: > 0 } ? services : null,
            NodeIdentities = nodes is { Count: > 0 } ? nodes : null,
        };

        AclTokenEntry updated;
        try
        {
            updated = await client.Acl.TokenUpdateAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Failed to update token {resolved}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Token(updated, _meta.Value), () => AclFormat.Json(updated, ConsulJson.CompactContext.AclTokenEntry)).ConfigureAwait(false);
    }

    private string? Conflicts()
    {
        if (_appendServiceIdents.Value.Count > 0 && _serviceIdents.Value.Count > 0)
        {
            return "Cannot combine the use of service-identity flag with append-service-identity. To set or overwrite existing service identities, use -service-identity. To append to existing service identities, use -append-service-identity.";
        }

        if (_appendNodeIdents.Value.Count > 0 && _nodeIdents.Value.Count > 0)
        {
            return "Cannot combine the use of node-identity flag with append-node-identity. To set or overwrite existing node identities, use -node-identity. To append to existing node identities, use -append-node-identity.";
        }

        if ((_policyIds.Value.Count > 0 || _policyNames.Value.Count > 0) && (_appendPolicyIds.Value.Count > 0 || _appendPolicyNames.Value.Count > 0))
        {
            return "Cannot combine the use of policy-id/policy-name flags with append- variants. To set or overwrite existing policies, use -policy-id or -policy-name. To append to existing policies, use -append-policy-id or -append-policy-name.";
        }

        if ((_roleIds.Value.Count > 0 || _roleNames.Value.Count > 0) && (_appendRoleIds.Value.Count > 0 || _appendRoleNames.Value.Count > 0))
        {
            return "Cannot combine the use of role-id/role-name flags with append- variants. To set or overwrite existing roles, use -role-id or -role-name. To append to existing roles, use -append-role-id or -append-role-name.";
        }

        return null;
    }
}
