namespace ConsulSharp.Http.Routing;

/// <summary>Turns a request's secret into its <see cref="AclAuthorization"/> (servers: the state store; client
/// agents: through the servers, cached). Not registered, or <see cref="Enabled"/> false: every request is allowed.</summary>
public interface IAclResolver
{
    /// <summary><c>acl.enabled</c>.</summary>
    bool Enabled { get; }

    /// <summary><c>acl.default_policy</c> (<c>allow</c>/<c>deny</c>), answered in <c>X-Consul-Default-ACL-Policy</c>.</summary>
    string DefaultPolicy { get; }

    /// <summary>Resolves <paramref name="secretId"/> (empty: the agent's default token, else anonymous). An unknown
    /// secret throws <c>ConsulException</c> PermissionDenied <c>ACL not found</c>.</summary>
    ValueTask<AclAuthorization> ResolveAsync(string secretId, CancellationToken cancellationToken);
}
