using ConsulSharp.Core.Structs;
using ConsulSharp.State.Internal;

namespace ConsulSharp.State;

public sealed partial class StateSnapshot
{
    /// <summary>Consul's <c>CanBootstrapACLToken</c>: true when never bootstrapped; else the reset index to use.</summary>
    public (bool Allowed, ulong ResetIndex) CanBootstrapAcl() =>
        Tables.AclBootstrapIndex == 0 ? (true, 0) : (false, Tables.AclBootstrapIndex);

    public QueryResult<AclToken?> AclTokenByAccessor(string accessorId, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.AclTokens));
        return new(Tables.AclTokensIndex, Tables.AclTokens.Get(Keys.Lower(accessorId)));
    }

    public QueryResult<AclToken?> AclTokenBySecret(string secretId, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.AclTokens));
        var token = Tables.AclTokenSecrets.Get(secretId) is { } key ? Tables.AclTokens.Get(key) : null;
        return new(Tables.AclTokensIndex, token);
    }

    /// <summary>Tokens in AccessorID order, optionally only those linking <paramref name="policyId"/> (directly) or
    /// <paramref name="roleId"/>.</summary>
    public QueryResult<IReadOnlyList<AclToken>> AclTokens(string? policyId = null, string? roleId = null, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.AclTokens));
        var list = new List<AclToken>(Tables.AclTokens.Count);
        foreach (var kv in Tables.AclTokens)
        {
            var t = kv.Value;
            if (!string.IsNullOrEmpty(policyId) && !t.Policies.Contains(policyId, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(roleId) && !t.Roles.Contains(roleId, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            list.Add(t);
        }

        return new(Tables.AclTokensIndex, list);
    }

    public QueryResult<AclPolicy?> AclPolicyById(string id, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.AclPolicies));
        return new(Tables.AclPoliciesIndex, Tables.AclPolicies.Get(Keys.Lower(id)));
    }

    public QueryResult<AclPolicy?> AclPolicyByName(string name, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.AclPolicies));
        var policy = Tables.AclPolicyNames.Get(Keys.Lower(name)) is { } key ? Tables.AclPolicies.Get(key) : null;
        return new(Tables.AclPoliciesIndex, policy);
    }

    /// <summary>Policies in ID order.</summary>
    public QueryResult<IReadOnlyList<AclPolicy>> AclPolicies(WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.AclPolicies));
        var list = new List<AclPolicy>(Tables.AclPolicies.Count);
        foreach (var kv in Tables.AclPolicies)
        {
            list.Add(kv.Value);
        }

        return new(Tables.AclPoliciesIndex, list);
    }

    public QueryResult<AclRole?> AclRoleById(string id, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.AclRoles));
        return new(Tables.AclRolesIndex, Tables.AclRoles.Get(Keys.Lower(id)));
    }

    public QueryResult<AclRole?> AclRoleByName(string name, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.AclRoles));
        var role = Tables.AclRoleNames.Get(Keys.Lower(name)) is { } key ? Tables.AclRoles.Get(key) : null;
        return new(Tables.AclRolesIndex, role);
    }

    /// <summary>Roles in ID order, optionally only those linking <paramref name="policyId"/>.</summary>
    public QueryResult<IReadOnlyList<AclRole>> AclRoles(string? policyId = null, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.AclRoles));
        var list = new List<AclRole>(Tables.AclRoles.Count);
        foreach (var kv in Tables.AclRoles)
        {
            if (string.IsNullOrEmpty(policyId) || kv.Value.Policies.Contains(policyId, StringComparer.OrdinalIgnoreCase))
            {
                list.Add(kv.Value);
            }
        }

        return new(Tables.AclRolesIndex, list);
    }
}
