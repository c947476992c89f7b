namespace ConsulSharp.Contracts.Acl;

/// <summary>
/// A policy or role link inside a token or role (<c>{"ID": "...", "Name": "..."}</c>; Consul's
/// <c>ACLTokenPolicyLink</c>/<c>ACLTokenRoleLink</c>/<c>ACLRolePolicyLink</c>): both fields always written; on writes
/// either may be empty.
/// </summary>
public sealed record AclLinkEntry
{
    public string ID { get; init; } = "";

    public string Name { get; init; } = "";
}
