using ConsulSharp.Acl;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;

namespace ConsulSharp.Server.Endpoints;

public sealed partial class AclService
{
    /// <summary>A token by AccessorID; an expired token reads as missing.</summary>
    public Task<QueryResponse<AclTokenView?>> GetTokenAsync(string accessorId, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => new QueryResult<AclTokenView?>(s.AclTokenByAccessor(accessorId, ws).Index, View(s, Live(s.AclTokenByAccessor(accessorId).Value), ws)), cancellationToken);

    public Task<QueryResponse<AclTokenView?>> GetTokenBySecretAsync(string secretId, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => new QueryResult<AclTokenView?>(s.AclTokenBySecret(secretId, ws).Index, View(s, Live(s.AclTokenBySecret(secretId).Value), ws)), cancellationToken);

    private AclToken? Live(AclToken? token) => token is not null && token.IsExpired(_server.Time.GetUtcNow()) ? null : token;

    /// <summary>Tokens in AccessorID order; <paramref name="policyId"/>/<paramref name="roleId"/> keep only tokens
    /// linking that policy or role (Consul's <c>?policy=</c> and <c>?role=</c>).</summary>
    public Task<QueryResponse<IReadOnlyList<AclTokenView>>> ListTokensAsync(string? policyId, string? roleId, QueryOptions options, CancellationToken cancellationToken) =>
        ListTokensAsync(policyId, roleId, null, options, cancellationToken);

    /// <summary>As above; <paramref name="serviceName"/> keeps only tokens with that service identity (<c>?servicename=</c>).</summary>
    public Task<QueryResponse<IReadOnlyList<AclTokenView>>> ListTokensAsync(string? policyId, string? roleId, string? serviceName, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) =>
        {
            var tokens = s.AclTokens(policyId, roleId, ws);
            IReadOnlyList<AclTokenView> views = tokens.Value
                .Where(t => string.IsNullOrEmpty(serviceName) || t.ServiceIdentities.Any(i => i.ServiceName == serviceName))
                .Where(t => Live(t) is not null)
                .Select(t => View(s, t, ws)!).ToList();
            return new QueryResult<IReadOnlyList<AclTokenView>>(tokens.Index, views);
        }, cancellationToken);

    /// <summary>Consul's <c>ACL.TokenSet</c>: create (<paramref name="create"/> or no AccessorID) or update.</summary>
    public async Task<AclTokenView> SetTokenAsync(AclTokenRequest request, bool create, CancellationToken cancellationToken)
    {
        var state = _server.State.Current;
        var accessorMatch = request.AccessorId.Length > 0 ? state.AclTokenByAccessor(request.AccessorId).Value : null;
        var secretMatch = request.SecretId.Length > 0 ? state.AclTokenBySecret(request.SecretId).Value : null;
        string accessor;
        string secret;
        DateTimeOffset created;
        DateTimeOffset? expires;
        if (request.AccessorId.Length == 0 || create)
        {
            accessor = request.AccessorId;
            if (accessor.Length == 0)
            {
                accessor = NewId();
            }
            else if (!IsUuid(accessor))
            {
                throw ConsulException.Internal("Invalid Token: AccessorID is not a valid UUID");
            }
            else if (accessorMatch is not null || state.AclTokenBySecret(accessor).Value is not null)
            {
                throw ConsulException.Internal("Invalid Token: AccessorID is already in use");
            }
            else if (accessor.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                throw ConsulException.Internal($"Invalid Token: UUIDs with the prefix \"{ReservedPrefix}\" are reserved");
            }

            secret = request.SecretId;
            if (secret.Length == 0)
            {
                secret = NewId();
            }
            else if (!IsUuid(secret))
            {
                throw ConsulException.Internal("Invalid Token: SecretID is not a valid UUID");
            }
            else if (secretMatch is not null || state.AclTokenByAccessor(secret).Value is not null)
            {
                throw ConsulException.Internal("Invalid Token: SecretID is already in use");
            }
            else if (secret.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                throw ConsulException.Internal($"Invalid Token: UUIDs with the prefix \"{ReservedPrefix}\" are reserved");
            }

            created = _server.Time.GetUtcNow();
            expires = CheckExpiration(request, created);
        }
        else
        {
            if (!IsUuid(request.AccessorId))
            {
                throw ConsulException.Internal("AccessorID is not a valid UUID");
            }

            if (request.SecretId is "allow" or "deny" or "manage")
            {
                throw new ConsulException(ConsulErrorKind.PermissionDenied, $"{Errors.PermissionDenied}: Cannot modify root ACL");
            }

            if (accessorMatch is null || accessorMatch.IsExpired(_server.Time.GetUtcNow()))
            {
                throw ConsulException.Internal($"Cannot find token \"{request.AccessorId}\"");
            }

            if (request.SecretId.Length > 0 && request.SecretId != accessorMatch.SecretId)
            {
                throw ConsulException.Internal("Changing a tokens SecretID is not permitted");
            }

            if (request.Local != accessorMatch.Local)
            {
                throw ConsulException.Internal($"cannot toggle local mode of {request.AccessorId}");
            }

            if (request.ExpirationTtl != TimeSpan.Zero
                || (request.ExpirationTime is { } et && et != accessorMatch.ExpirationTime))
            {
                throw ConsulException.Internal($"Cannot change expiration time of {request.AccessorId}");
            }

            expires = accessorMatch.ExpirationTime;

            accessor = accessorMatch.AccessorId;
            secret = accessorMatch.SecretId;
            created = accessorMatch.CreateTime;
        }

        var token = WithHash(new AclToken
        {
            AccessorId = accessor,
            SecretId = secret,
            Description = request.Description,
            Policies = ResolvePolicyLinks(state, request.Policies, checkIds: true),
            Roles = ResolveRoleLinks(state, request.Roles),
            ServiceIdentities = CheckServiceIdentities(request.ServiceIdentities, request.Local, "token"),
            NodeIdentities = CheckNodeIdentities(request.NodeIdentities, "token"),
            Local = request.Local,
            CreateTime = created,
            ExpirationTime = expires,
        });
        await ApplyAsync(CommandCodec.AclTokenSet(new AclTokenSetCommand { Tokens = [token] }), "Failed to apply token write request", cancellationToken).ConfigureAwait(false);
        return View(_server.State.Current, accessor) ?? throw ConsulException.Internal("Failed to retrieve the token after insertion");
    }

    /// <summary>Consul's <c>acl.token_min_expiration_ttl</c> / <c>acl.token_max_expiration_ttl</c> defaults.</summary>
    public static readonly TimeSpan MinExpirationTtl = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxExpirationTtl = TimeSpan.FromHours(24);

    private static DateTimeOffset? CheckExpiration(AclTokenRequest request, DateTimeOffset created)
    {
        var expires = request.ExpirationTime;
        if (request.ExpirationTtl != TimeSpan.Zero)
        {
            if (request.ExpirationTtl < TimeSpan.Zero)
            {
                throw ConsulException.Internal($"Token Expiration TTL '{Core.GoDuration.Format(request.ExpirationTtl)}' should be > 0");
            }

            if (expires is not null)
            {
                throw ConsulException.Internal("Token Expiration TTL and Expiration Time cannot both be set");
            }

            expires = created + request.ExpirationTtl;
        }

        if (expires is { } e)
        {
            if (created > e)
            {
                throw ConsulException.Internal("ExpirationTime cannot be before CreateTime");
            }

            var expiresIn = e - created;
            if (expiresIn > MaxExpirationTtl)
            {
                throw ConsulException.Internal($"ExpirationTime cannot be more than {Core.GoDuration.Format(MaxExpirationTtl)} in the future (was {Core.GoDuration.Format(expiresIn)})");
            }

            if (expiresIn < MinExpirationTtl)
            {
                throw ConsulException.Internal($"ExpirationTime cannot be less than {Core.GoDuration.Format(MinExpirationTtl)} in the future (was {Core.GoDuration.Format(expiresIn)})");
            }
        }

        return expires;
    }

    /// <summary>Consul's <c>ACL.TokenClone</c>: a new token with the same links (and description unless given).</summary>
    public async Task<AclTokenView> CloneTokenAsync(string accessorId, string? description, CancellationToken cancellationToken)
    {
        var state = _server.State.Current;
        if (state.AclTokenByAccessor(accessorId).Value is not { } token || token.IsExpired(_server.Time.GetUtcNow()))
        {
            throw new ConsulException(ConsulErrorKind.PermissionDenied, Errors.AclNotFound);
        }

        var request = new AclTokenRequest
        {
            Description = string.IsNullOrEmpty(description) ? token.Description : description,
            Policies = token.Policies.Select(id => new AclLink(id, "")).ToList(),
            Roles = token.Roles.Select(id => new AclLink(id, "")).ToList(),
            ServiceIdentities = token.ServiceIdentities,
            NodeIdentities = token.NodeIdentities,
            Local = token.Local,
            ExpirationTime = token.ExpirationTime,
        };
        return await SetTokenAsync(request with
        {
            // Clone keeps links to rows that still exist and drops the others, as Consul's read-time fixup does.
            Policies = request.Policies.Where(l => state.AclPolicyById(l.Id).Value is not null).ToList(),
            Roles = request.Roles.Where(l => state.AclRoleById(l.Id).Value is not null).ToList(),
        }, create: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Consul's <c>ACL.TokenDelete</c>; deleting a missing token succeeds.</summary>
    public async Task DeleteTokenAsync(string accessorId, string requestSecret, CancellationToken cancellationToken)
    {
        if (!IsUuid(accessorId))
        {
            throw ConsulException.Internal("Accessor ID is missing or an invalid UUID");
        }

        if (string.Equals(accessorId, BuiltinPolicies.AnonymousTokenId, StringComparison.OrdinalIgnoreCase))
        {
            throw ConsulException.Internal("Delete operation not permitted on the anonymous token");
        }

        if (_server.State.Current.AclTokenByAccessor(accessorId).Value is not { } token)
        {
            return;
        }

        if (requestSecret == token.SecretId)
        {
            throw ConsulException.Internal("Deletion of the request's authorization token is not permitted");
        }

        await ApplyAsync(CommandCodec.AclTokenDelete(new AclDeleteCommand { Ids = [token.AccessorId] }), "Failed to apply token delete request", cancellationToken).ConfigureAwait(false);
    }
}
