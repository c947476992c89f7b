using ConsulSharp.Core.Structs;

namespace ConsulSharp.State;

public sealed partial class StateStore
{
    /// <summary>Creates or replaces ACL tokens (Consul's <c>ACLTokenBatchSet</c>); a secret used by another token is refused.</summary>
    public IReadOnlyList<AclToken> AclTokenSet(ulong index, IReadOnlyList<AclToken> tokens) =>
        Write(index, t => tokens.Select(t.AclTokenSet).ToList());

    public void AclTokenDelete(ulong index, IReadOnlyList<string> accessorIds) =>
        Write(index, t =>
        {
            foreach (var id in accessorIds)
            {
                t.AclTokenDelete(id);
            }
        });

    /// <summary>Consul's <c>ACLBootstrap</c>: stores the token and records the bootstrap index; refused once
    /// bootstrapped unless <paramref name="resetIndex"/> equals that index.</summary>
    public AclToken AclBootstrap(ulong index, AclToken token, ulong resetIndex) => Write(index, t => t.AclBootstrap(token, resetIndex));

    public IReadOnlyList<AclPolicy> AclPolicySet(ulong index, IReadOnlyList<AclPolicy> policies) =>
        Write(index, t => policies.Select(t.AclPolicySet).ToList());

    public void AclPolicyDelete(ulong index, IReadOnlyList<string> ids) =>
        Write(index, t =>
        {
            foreach (var id in ids)
            {
                t.AclPolicyDelete(id);
            }
        });

    public IReadOnlyList<AclRole> AclRoleSet(ulong index, IReadOnlyList<AclRole> roles) =>
        Write(index, t => roles.Select(t.AclRoleSet).ToList());

    public void AclRoleDelete(ulong index, IReadOnlyList<string> ids) =>
        Write(index, t =>
        {
            foreach (var id in ids)
            {
                t.AclRoleDelete(id);
            }
        });
}
