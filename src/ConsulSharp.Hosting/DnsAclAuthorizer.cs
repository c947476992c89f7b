using ConsulSharp.Acl;
using ConsulSharp.Dns;
using ConsulSharp.Http.Acl;
using ConsulSharp.Http.Routing;

namespace ConsulSharp.Hosting;

/// <summary>
/// DNS's view of the agent's ACLs: the current DNS token (<c>acl.tokens.dns</c>, else <c>acl.tokens.default</c>,
/// Consul's <c>coalesceDNSToken</c>; read from the token store on every question, so <c>PUT /v1/agent/token/dns</c>
/// and config reloads apply at once) resolved by the agent's own <see cref="IAclResolver"/> (state store on servers,
/// the servers with the token_ttl cache on client agents).
/// </summary>
internal sealed class DnsAclAuthorizer(IAclResolver resolver, AgentTokenStore tokens) : IDnsAuthorizer
{
    public bool Enabled => resolver.Enabled;

    public string Token => tokens.Dns is { Length: > 0 } dns ? dns : tokens.Default;

    public async ValueTask<IAuthorizer> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        var resolving = resolver.ResolveAsync(token, cancellationToken);
        return resolving.IsCompletedSuccessfully ? resolving.Result.Authorizer : (await resolving.ConfigureAwait(false)).Authorizer;
    }
}
