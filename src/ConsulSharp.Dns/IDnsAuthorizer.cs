using ConsulSharp.Acl;

namespace ConsulSharp.Dns;

/// <summary>
/// What DNS needs from the agent's ACL system (implemented in Hosting over the agent's token resolver): whether ACLs
/// are enabled, the CURRENT DNS token (<c>acl.tokens.dns</c> as set by config, reload or
/// <c>PUT /v1/agent/token/dns</c>; empty when unset, which resolves to <c>acl.tokens.default</c>, then anonymous), and
/// the authorizer of a token. Consul runs every DNS lookup with that token (<c>coalesceDNSToken</c>).
/// </summary>
public interface IDnsAuthorizer
{
    /// <summary><c>acl.enabled</c>; false: DNS does no ACL work at all.</summary>
    bool Enabled { get; }

    /// <summary>The current DNS token (read on every question; empty: the default token, else anonymous).</summary>
    string Token { get; }

    /// <summary>What <paramref name="token"/> may read (empty: the default token, else anonymous). Completes
    /// synchronously when the answer is at hand (servers; cached on client agents). An unknown token throws.</summary>
    ValueTask<IAuthorizer> ResolveAsync(string token, CancellationToken cancellationToken);
}
