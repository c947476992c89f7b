namespace ConsulSharp.Acl;

/// <summary>The parsed rules of one policy (Consul's <c>acl.PolicyRules</c>), validated. Build with
/// <see cref="PolicyParser.Parse"/>; several are merged and compiled by <see cref="Authorizers.Compile"/>.</summary>
public sealed class PolicyRules
{
    public static PolicyRules Empty { get; } = new();

    public AccessLevel Acl { get; init; }

    public AccessLevel Operator { get; init; }

    public AccessLevel Keyring { get; init; }

    public AccessLevel Mesh { get; init; }

    public AccessLevel Peering { get; init; }

    public IReadOnlyList<AclRule> Agents { get; init; } = [];

    public IReadOnlyList<AclRule> Keys { get; init; } = [];

    public IReadOnlyList<AclRule> Nodes { get; init; } = [];

    public IReadOnlyList<AclRule> Services { get; init; } = [];

    public IReadOnlyList<AclRule> Sessions { get; init; } = [];

    public IReadOnlyList<AclRule> Events { get; init; } = [];

    public IReadOnlyList<AclRule> Queries { get; init; } = [];
}
