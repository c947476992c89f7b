namespace ConsulSharp.Acl;

/// <summary>The fixed authorizers and the compiler from policies to an authorizer.</summary>
public static class Authorizers
{
    /// <summary>Everything allowed, ACL management included (ACLs disabled; Consul's <c>manageAll</c>).</summary>
    public static IAuthorizer AllowAll { get; } = new StaticAuthorizer(allow: true, manage: true);

    /// <summary>Everything denied (<c>default_policy = "deny"</c>).</summary>
    public static IAuthorizer DenyAll { get; } = new StaticAuthorizer(allow: false, manage: false);

    /// <summary><c>default_policy = "allow"</c>: everything but <c>acl:read</c>/<c>acl:write</c> (Consul's <c>allowAll</c>).</summary>
    public static IAuthorizer DefaultAllow { get; } = new StaticAuthorizer(allow: true, manage: false);

    /// <summary>The fall-through authorizer of <c>acl.default_policy</c> (<c>allow</c> or <c>deny</c>).</summary>
    public static IAuthorizer ForDefaultPolicy(string defaultPolicy) =>
        string.Equals(defaultPolicy, "deny", StringComparison.OrdinalIgnoreCase) ? DenyAll : DefaultAllow;

    /// <summary>Compiles a token's policies (merged as Consul's <c>MergePolicies</c>) into an authorizer that answers
    /// from their rules and falls through to <paramref name="next"/> where no rule applies.</summary>
    public static IAuthorizer Compile(IEnumerable<PolicyRules> policies, IAuthorizer next)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(next);
        var list = policies.ToArray();
        return list.Length == 0 ? next : new PolicyAuthorizer(list, next);
    }
}
