using ConsulSharp.Acl;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;

namespace ConsulSharp.Server.Endpoints;

public sealed partial class AclService
{
    public Task<QueryResponse<AclPolicy?>> GetPolicyAsync(string id, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => s.AclPolicyById(id, ws), cancellationToken);

    public Task<QueryResponse<AclPolicy?>> GetPolicyByNameAsync(string name, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => s.AclPolicyByName(name, ws), cancellationToken);

    public Task<QueryResponse<IReadOnlyList<AclPolicy>>> ListPoliciesAsync(QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => s.AclPolicies(ws), cancellationToken);

    /// <summary>Consul's <c>ACL.PolicySet</c>: an empty <see cref="AclPolicy.Id"/> creates.</summary>
    public async Task<AclPolicy> SetPolicyAsync(AclPolicy policy, CancellationToken cancellationToken)
    {
        if (policy.Name.Length == 0)
        {
            throw ConsulException.Internal("Invalid Policy: no Name is set");
        }

        if (!PolicyNameRegex().IsMatch(policy.Name))
        {
            throw ConsulException.Internal("Invalid Policy: invalid Name. Only alphanumeric characters, '-' and '_' are allowed");
        }

        var state = _server.State.Current;
        AclPolicy? idMatch = null;
        if (policy.Id.Length > 0)
        {
            if (!IsUuid(policy.Id))
            {
                throw ConsulException.Internal("Policy ID invalid UUID");
            }

            idMatch = state.AclPolicyById(policy.Id).Value;
        }

        var nameMatch = state.AclPolicyByName(policy.Name).Value;
        var id = policy.Id;
        if (id.Length == 0)
        {
            id = NewId();
            if (nameMatch is not null)
            {
                throw ConsulException.Internal($"Invalid Policy: A Policy with Name \"{policy.Name}\" already exists");
            }
        }
        else
        {
            if (idMatch is null)
            {
                throw ConsulException.Internal($"cannot find policy {policy.Id}");
            }

            if (!string.Equals(idMatch.Name, policy.Name, StringComparison.OrdinalIgnoreCase) && nameMatch is not null)
            {
                throw ConsulException.Internal($"Invalid Policy: A policy with name \"{policy.Name}\" already exists");
            }

            if (string.Equals(policy.Id, BuiltinPolicies.GlobalManagementId, StringComparison.OrdinalIgnoreCase))
            {
                if (policy.Datacenters.Count > 0)
                {
                    throw ConsulException.Internal("Changing the Datacenters of the builtin global-management policy is not permitted");
                }

                if (policy.Rules != idMatch.Rules)
                {
                    throw ConsulException.Internal("Changing the Rules for the builtin global-management policy is not permitted");
                }
            }

            id = idMatch.Id;
        }

        try
        {
            PolicyParser.Parse(policy.Rules);
        }
        catch (AclRulesException ex)
        {
            throw ConsulException.Internal(ex.Message);
        }

        var stored = WithHash(policy with { Id = id });
        await ApplyAsync(CommandCodec.AclPolicySet(new AclPolicySetCommand { Policies = [stored] }), "Failed to apply policy upsert request", cancellationToken).ConfigureAwait(false);
        return _server.State.Current.AclPolicyById(id).Value ?? throw ConsulException.Internal("Failed to retrieve the policy after insertion");
    }

    /// <summary>Consul's <c>ACL.PolicyDelete</c>; deleting a missing policy succeeds. Returns the deleted name.</summary>
    public async Task<string?> DeletePolicyAsync(string id, CancellationToken cancellationToken)
    {
        if (_server.State.Current.AclPolicyById(id).Value is not { } policy)
        {
            return null;
        }

        if (string.Equals(policy.Id, BuiltinPolicies.GlobalManagementId, StringComparison.OrdinalIgnoreCase))
        {
            throw ConsulException.Internal("Delete operation not permitted on the builtin global-management policy");
        }

        await ApplyAsync(CommandCodec.AclPolicyDelete(new AclDeleteCommand { Ids = [policy.Id] }), "Failed to apply policy delete request", cancellationToken).ConfigureAwait(false);
        return policy.Name;
    }
}
