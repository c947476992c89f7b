using System.Text.Json;
using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;
using ConsulSharp.Core;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl token create</c> with policies, roles and identities (at least one of them).</summary>
public sealed class AclTokenCreateCommand : CommandBase
{
    private readonly FlagValue<string?> _accessor;
    private readonly FlagValue<string?> _secret;
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<bool> _local;
    private readonly FlagValue<string?> _description;
    private readonly FlagValue<IReadOnlyList<string>> _policyIds;
    private readonly FlagValue<IReadOnlyList<string>> _policyNames;
    private readonly FlagValue<IReadOnlyList<string>> _roleIds;
    private readonly FlagValue<IReadOnlyList<string>> _roleNames;
    private readonly FlagValue<IReadOnlyList<string>> _serviceIdents;
    private readonly FlagValue<IReadOnlyList<string>> _nodeIdents;
    private readonly FlagValue<TimeSpan> _expiresTtl;
    private readonly FlagValue<string?> _format;

    public AclTokenCreateCommand()
        : base("acl token create", serverFlags: true)
    {
        _accessor = Flags.String("accessor", "", "Create the token with this Accessor ID. It must be a UUID. If not specified one will be auto-generated");
        _secret = Flags.String("secret", "", "Create the token with this Secret ID. It must be a UUID. If not specified one will be auto-generated");
        _meta = Flags.Bool("meta", false, "Indicates that token metadata such as the content hash and raft indices should be shown for each entry");
        _local = Flags.Bool("local", false, "Create this as a datacenter local token");
        _description = Flags.String("description", "", "A description of the token");
        _policyIds = Flags.Strings("policy-id", "ID of a policy to use for this token. May be specified multiple times");
        _policyNames = Flags.Strings("policy-name", "Name of a policy to use for this token. May be specified multiple times");
        _roleIds = Flags.Strings("role-id", "ID of a role to use for this token. May be specified multiple times");
        _roleNames = Flags.Strings("role-name", "Name of a role to use for this token. May be specified multiple times");
        _serviceIdents = Flags.Strings("service-identity", "Name of a service identity to use for this token. May be specified multiple times. Format is the SERVICENAME or SERVICENAME:DATACENTER1,DATACENTER2,...");
        _nodeIdents = Flags.Strings("node-identity", "Name of a node identity to use for this token. May be specified multiple times. Format is NODENAME:DATACENTER");
        _expiresTtl = Flags.Duration("expires-ttl", TimeSpan.Zero, "Duration of time this token should be valid for");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Create an ACL token";

    protected override string UsageText => """
        Usage: consul acl token create [options]

          Creates a token linked to policies (-policy-id, which may be a unique ID prefix, or -policy-name), roles
          (-role-id, -role-name) and service or node identities.

              $ consul acl token create -description "Replication token" -policy-name "acl-replication"
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (_policyNames.Value.Count == 0 && _policyIds.Value.Count == 0 && _roleNames.Value.Count == 0 && _roleIds.Value.Count == 0
            && _serviceIdents.Value.Count == 0 && _nodeIdents.Value.Count == 0)
        {
            await context.Err.WriteLineAsync("Cannot create a token without specifying -policy-name, -policy-id, -role-name, -role-id, -service-identity, or -node-identity at least once").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
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

        var roles = _roleNames.Value.Select(n => new AclLinkEntry { Name = n }).ToList();
        foreach (var raw in _roleIds.Value)
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

        var token = new AclTokenEntry
        {
            AccessorID = _accessor.Value ?? "",
            SecretID = _secret.Value ?? "",
            Description = _description.Value ?? "",
            Local = _local.Value,
            Policies = policies.Count > 0 ? policies : null,
            Roles = roles.Count > 0 ? roles : null,
            ServiceIdentities = services,
            NodeIdentities = nodes,
            ExpirationTTL = _expiresTtl.Value > TimeSpan.Zero ? JsonSerializer.SerializeToElement(GoDuration.Format(_expiresTtl.Value), ConsulJson.CompactContext.String) : null,
        };

        AclTokenEntry created;
        try
        {
            created = await client.Acl.TokenCreateAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Failed to create new token: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Token(created, _meta.Value), () => AclFormat.Json(created, ConsulJson.CompactContext.AclTokenEntry)).ConfigureAwait(false);
    }
}
