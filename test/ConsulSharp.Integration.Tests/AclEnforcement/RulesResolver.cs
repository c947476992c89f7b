using System.Collections.Concurrent;
using ConsulSharp.Acl;
using ConsulSharp.Core.Errors;
using ConsulSharp.Http.Routing;

namespace ConsulSharp.Integration.Tests.AclEnforcement;

/// <summary>
/// A stand-in <see cref="IAclResolver"/> for the enforcement tests: secrets map to authorizers compiled from rules with
/// the ACL library (default deny behind them), the management secret allows everything, no secret is the anonymous
/// token and an unknown one is <c>ACL not found</c>.
/// </summary>
internal sealed class RulesResolver(string managementSecret) : IAclResolver
{
    private readonly ConcurrentDictionary<string, AclAuthorization> _tokens = new(StringComparer.Ordinal);

    public bool Enabled => true;

    public string DefaultPolicy => "deny";

    /// <summary>Adds a token with <paramref name="rules"/>; returns its (secret, accessor).</summary>
    public (string Secret, string Accessor) Add(string rules)
    {
        var secret = Guid.NewGuid().ToString();
        var accessor = Guid.NewGuid().ToString();
        _tokens[secret] = new AclAuthorization(Authorizers.Compile([PolicyParser.Parse(rules)], Authorizers.DenyAll), accessor, IsAnonymous: false);
        return (secret, accessor);
    }

    public ValueTask<AclAuthorization> ResolveAsync(string secretId, CancellationToken cancellationToken)
    {
        if (secretId.Length == 0)
        {
            return ValueTask.FromResult(new AclAuthorization(Authorizers.DenyAll, "00000000-0000-0000-0000-000000000002", IsAnonymous: true));
        }

        if (secretId == managementSecret)
        {
            return ValueTask.FromResult(new AclAuthorization(Authorizers.AllowAll, "mgmt-accessor", IsAnonymous: false));
        }

        return _tokens.TryGetValue(secretId, out var auth)
            ? ValueTask.FromResult(auth)
            : throw new ConsulException(ConsulErrorKind.PermissionDenied, "ACL not found");
    }
}
