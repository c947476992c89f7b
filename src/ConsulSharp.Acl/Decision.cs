namespace ConsulSharp.Acl;

/// <summary>Consul's <c>EnforcementDecision</c>: a policy answers, or defers to the next authorizer in the chain.</summary>
internal enum Decision
{
    Default = 0,
    Allow = 1,
    Deny = 2,
}
