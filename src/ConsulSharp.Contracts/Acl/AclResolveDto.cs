namespace ConsulSharp.Contracts.Acl;

/// <summary>The answer of the internal <c>GET /v1/internal/acl/resolve</c> (servers): the request token's AccessorID
/// and the rules of every policy it grants, which a client agent compiles and caches for <c>acl.token_ttl</c>
/// (the role of Consul's <c>ACL.TokenRead</c> + <c>ACL.PolicyResolve</c> RPCs).</summary>
public sealed record AclResolveDto
{
    public string? AccessorID { get; init; }

    public List<string>? Rules { get; init; }
}
