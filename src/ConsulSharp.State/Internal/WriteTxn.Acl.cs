using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Internal;

internal sealed partial class WriteTxn
{
    /// <summary>Creates or replaces a token (CreateIndex kept from the stored row). The secret must not belong to
    /// another token.</summary>
    public AclToken AclTokenSet(AclToken token)
    {
        var key = Keys.Lower(token.AccessorId);
        var existing = T.AclTokens.Get(key);
        if (T.AclTokenSecrets.Get(token.SecretId) is { } owner && owner != key)
        {
            throw Error("Invalid Token: SecretID is already in use");
        }

        if (existing is not null && existing.SecretId != token.SecretId)
        {
            T.AclTokenSecrets = T.AclTokenSecrets.Remove(existing.SecretId);
        }

        var stored = token with { CreateIndex = existing?.CreateIndex ?? Index, ModifyIndex = Index };
        T.AclTokens = T.AclTokens.Set(key, stored);
        T.AclTokenSecrets = T.AclTokenSecrets.Set(token.SecretId, key);
        T.AclTokensIndex = Index;
        Touch(WatchKey.Table(StateTable.AclTokens));
        return stored;
    }

    public void AclTokenDelete(string accessorId)
    {
        var key = Keys.Lower(accessorId);
        if (T.AclTokens.Get(key) is not { } existing)
        {
            return;
        }

        T.AclTokens = T.AclTokens.Remove(key);
        T.AclTokenSecrets = T.AclTokenSecrets.Remove(existing.SecretId);
        T.AclTokensIndex = Index;
        Touch(WatchKey.Table(StateTable.AclTokens));
    }

    /// <summary>Consul's <c>ACLBootstrap</c>: allowed once, or again with the reset index the last bootstrap left.</summary>
    public AclToken AclBootstrap(AclToken token, ulong resetIndex)
    {
        if (T.AclBootstrapIndex != 0)
        {
            if (resetIndex == 0)
            {
                throw Error(StateErrors.AclBootstrapNotAllowed);
            }

            if (resetIndex != T.AclBootstrapIndex)
            {
                throw Error(StateErrors.AclBootstrapInvalidResetIndex);
            }
        }

        var stored = AclTokenSet(token);
        T.AclBootstrapIndex = Index;
        return stored;
    }

    public AclPolicy AclPolicySet(AclPolicy policy)
    {
        var key = Keys.Lower(policy.Id);
        var name = Keys.Lower(policy.Name);
        var existing = T.AclPolicies.Get(key);
        if (T.AclPolicyNames.Get(name) is { } owner && owner != key)
        {
            throw Error($"Invalid Policy: A Policy with Name {Quote(policy.Name)} already exists");
        }

        if (existing is not null && Keys.Lower(existing.Name) != name)
        {
            T.AclPolicyNames = T.AclPolicyNames.Remove(Keys.Lower(existing.Name));
        }

        var stored = policy with { CreateIndex = existing?.CreateIndex ?? Index, ModifyIndex = Index };
        T.AclPolicies = T.AclPolicies.Set(key, stored);
        T.AclPolicyNames = T.AclPolicyNames.Set(name, key);
        T.AclPoliciesIndex = Index;
        Touch(WatchKey.Table(StateTable.AclPolicies));
        return stored;
    }

    public void AclPolicyDelete(string id)
    {
        var key = Keys.Lower(id);
        if (T.AclPolicies.Get(key) is not { } existing)
        {
            return;
        }

        T.AclPolicies = T.AclPolicies.Remove(key);
        T.AclPolicyNames = T.AclPolicyNames.Remove(Keys.Lower(existing.Name));
        T.AclPoliciesIndex = Index;
        Touch(WatchKey.Table(StateTable.AclPolicies));
    }

    public AclRole AclRoleSet(AclRole role)
    {
        var key = Keys.Lower(role.Id);
        var name = Keys.Lower(role.Name);
        var existing = T.AclRoles.Get(key);
        if (T.AclRoleNames.Get(name) is { } owner && owner != key)
        {
            throw Error($"Invalid Role: A Role with Name {Quote(role.Name)} already exists");
        }

        if (existing is not null && Keys.Lower(existing.Name) != name)
        {
            T.AclRoleNames = T.AclRoleNames.Remove(Keys.Lower(existing.Name));
        }

        var stored = role with { CreateIndex = existing?.CreateIndex ?? Index, ModifyIndex = Index };
        T.AclRoles = T.AclRoles.Set(key, stored);
        T.AclRoleNames = T.AclRoleNames.Set(name, key);
        T.AclRolesIndex = Index;
        Touch(WatchKey.Table(StateTable.AclRoles));
        return stored;
    }

    public void AclRoleDelete(string id)
    {
        var key = Keys.Lower(id);
        if (T.AclRoles.Get(key) is not { } existing)
        {
            return;
        }

        T.AclRoles = T.AclRoles.Remove(key);
        T.AclRoleNames = T.AclRoleNames.Remove(Keys.Lower(existing.Name));
        T.AclRolesIndex = Index;
        Touch(WatchKey.Table(StateTable.AclRoles));
    }
}
