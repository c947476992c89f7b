using ConsulSharp.Acl;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;

namespace ConsulSharp.Server.Endpoints;

public sealed partial class AclService
{
    /// <summary>Consul's <c>initializeACLs</c> on a new leader: the builtin policies, the initial management token
    /// (through the bootstrap command when bootstrapping is still possible) and the anonymous token.</summary>
    public async Task InitializeAsync(string? initialManagement, CancellationToken cancellationToken)
    {
        await EnsureBuiltinPoliciesAsync(cancellationToken).ConfigureAwait(false);
        await EnsureTokensAsync(initialManagement, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The builtin policies (also made by a bootstrap that comes before the leader's initialization).</summary>
    private async Task EnsureBuiltinPoliciesAsync(CancellationToken cancellationToken)
    {
        if (_server.State.Current.AclPolicyById(BuiltinPolicies.GlobalManagementId).Value is null)
        {
            var policy = WithHash(new AclPolicy
            {
                Id = BuiltinPolicies.GlobalManagementId,
                Name = BuiltinPolicies.GlobalManagementName,
                Description = BuiltinPolicies.GlobalManagementDescription,
                Rules = BuiltinPolicies.GlobalManagementRules,
            });
            await ApplyAsync(CommandCodec.AclPolicySet(new AclPolicySetCommand { Policies = [policy] }), "failed to create global-management policy", cancellationToken).ConfigureAwait(false);
            Log.CreatedPolicy(_log, BuiltinPolicies.GlobalManagementName);
        }

        if (_server.State.Current.AclPolicyById(BuiltinPolicies.GlobalReadOnlyId).Value is null
            && _server.State.Current.AclPolicyByName(BuiltinPolicies.GlobalReadOnlyName).Value is null)
        {
            var policy = WithHash(new AclPolicy
            {
                Id = BuiltinPolicies.GlobalReadOnlyId,
                Name = BuiltinPolicies.GlobalReadOnlyName,
                Description = BuiltinPolicies.GlobalReadOnlyDescription,
                Rules = BuiltinPolicies.GlobalReadOnlyRules,
            });
            await ApplyAsync(CommandCodec.AclPolicySet(new AclPolicySetCommand { Policies = [policy] }), "failed to create global-read-only policy", cancellationToken).ConfigureAwait(false);
            Log.CreatedPolicy(_log, BuiltinPolicies.GlobalReadOnlyName);
        }

    }

    private async Task EnsureTokensAsync(string? initialManagement, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(initialManagement) && _server.State.Current.AclTokenBySecret(initialManagement).Value is null)
        {
            var token = WithHash(new AclToken
            {
                AccessorId = NewId(),
                SecretId = initialManagement,
                Description = BuiltinPolicies.InitialManagementDescription,
                Policies = [BuiltinPolicies.GlobalManagementId],
                CreateTime = _server.Time.GetUtcNow(),
            });
            var bootstrapped = false;
            if (_server.State.Current.CanBootstrapAcl().Allowed)
            {
                try
                {
                    await _server.ApplyAsync(CommandCodec.AclBootstrap(new AclBootstrapCommand { Token = token }), cancellationToken).ConfigureAwait(false);
                    Log.InitialManagementBootstrapped(_log);
                    bootstrapped = true;
                }
                catch (ConsulException ex) when (ex.Kind == ConsulErrorKind.Internal)
                {
                    Log.InitialManagementBootstrapFailed(_log, ex.Message);
                }
            }

            if (!bootstrapped)
            {
                await ApplyAsync(CommandCodec.AclTokenSet(new AclTokenSetCommand { Tokens = [token] }), "failed to create initial management token", cancellationToken).ConfigureAwait(false);
                Log.InitialManagementCreated(_log);
            }
        }

        if (_server.State.Current.AclTokenByAccessor(BuiltinPolicies.AnonymousTokenId).Value is null)
        {
            var anonymous = WithHash(new AclToken
            {
                AccessorId = BuiltinPolicies.AnonymousTokenId,
                SecretId = BuiltinPolicies.AnonymousTokenSecret,
                Description = BuiltinPolicies.AnonymousTokenDescription,
                CreateTime = _server.Time.GetUtcNow(),
            });
            await ApplyAsync(CommandCodec.AclTokenSet(new AclTokenSetCommand { Tokens = [anonymous] }), "failed to create anonymous token", cancellationToken).ConfigureAwait(false);
            Log.AnonymousCreated(_log);
        }
    }

    /// <summary>Consul's expired-token reaping on the leader: deletes every token whose expiration time has passed;
    /// returns how many.</summary>
    public async Task<int> ReapExpiredTokensAsync(CancellationToken cancellationToken)
    {
        var now = _server.Time.GetUtcNow();
        var expired = _server.State.Current.AclTokens().Value.Where(t => t.IsExpired(now)).Select(t => t.AccessorId).ToList();
        if (expired.Count > 0)
        {
            await ApplyAsync(CommandCodec.AclTokenDelete(new AclDeleteCommand { Ids = expired }), "Failed to apply token expiration deletions", cancellationToken).ConfigureAwait(false);
        }

        return expired.Count;
    }
}
