using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ConsulSharp.Acl;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Endpoints;

/// <summary>
/// The ACL endpoint of a server (Consul's <c>ACL.*</c> RPCs): validation with Consul's texts, then a Raft write; reads
/// are blocking queries over the state store. Permission checks are the caller's (the HTTP endpoints), as is the
/// "ACLs disabled" answer. Writes run on the leader (followers forward write requests), which reads its rows back.
/// </summary>
public sealed partial class AclService
{
    /// <summary>What a token's SecretID reads as to a caller without <c>acl:write</c>.</summary>
    public const string RedactedSecret = "<hidden>";

    /// <summary>Consul's <c>ACLReservedPrefix</c>: IDs with it are for builtin rows.</summary>
    public const string ReservedPrefix = "00000000-0000-0000-0000-0000000000";

    private const string BootstrapResetFile = "acl-bootstrap-reset";

    private readonly ConsulServer _server;
    private readonly ILogger _log;

    public AclService(ConsulServer server, ILoggerFactory loggers)
        : this(server, loggers.CreateLogger("agent.server.acl"))
    {
    }

    internal AclService(ConsulServer server, ILogger log)
    {
        _server = server;
        _log = log;
    }

    /// <summary>The current state version (token resolution on this server).</summary>
    public StateSnapshot State => _server.State.Current;

    // ---- bootstrap -------------------------------------------------------------------------------------------

    /// <summary>Consul's <c>ACL.BootstrapTokens</c>: creates the first management token once (again only with the
    /// reset index written to <c>&lt;data-dir&gt;/acl-bootstrap-reset</c>). Refusals are PermissionDenied with
    /// <c>Permission denied: ACL bootstrap no longer allowed (reset index: N)</c>.</summary>
    public async Task<AclTokenView> BootstrapAsync(string? bootstrapSecret, CancellationToken cancellationToken)
    {
        var (allowed, resetIndex) = _server.State.Current.CanBootstrapAcl();
        ulong specified = 0;
        if (!allowed)
        {
            specified = ReadResetIndex();
            if (specified == 0)
            {
                throw new ConsulException(ConsulErrorKind.PermissionDenied, $"{Errors.PermissionDenied}: ACL bootstrap no longer allowed (reset index: {resetIndex})");
            }

            if (specified != resetIndex)
            {
                throw ConsulException.Internal($"Invalid bootstrap reset index (specified {specified}, reset index: {resetIndex})");
            }
        }

        DeleteResetFile();
        await EnsureBuiltinPoliciesAsync(cancellationToken).ConfigureAwait(false);
        var secret = string.IsNullOrEmpty(bootstrapSecret) ? NewId() : bootstrapSecret;
        if (!IsUuid(secret))
        {
            throw ConsulException.Internal("Invalid bootstrap secret: not a valid UUID");
        }

        var token = WithHash(new AclToken
        {
            AccessorId = NewId(),
            SecretId = secret,
            Description = BuiltinPolicies.BootstrapTokenDescription,
            Policies = [BuiltinPolicies.GlobalManagementId],
            CreateTime = _server.Time.GetUtcNow(),
        });
        try
        {
            await _server.ApplyAsync(CommandCodec.AclBootstrap(new AclBootstrapCommand { Token = token, ResetIndex = specified }), cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulException ex) when (ex.Message.Contains(StateErrors.AclBootstrapNotAllowed, StringComparison.Ordinal))
        {
            var (_, now) = _server.State.Current.CanBootstrapAcl();
            throw new ConsulException(ConsulErrorKind.PermissionDenied, $"{Errors.PermissionDenied}: ACL bootstrap no longer allowed (reset index: {now})");
        }

        Log.BootstrapCompleted(_log);
        return View(_server.State.Current, token.AccessorId) ?? throw ConsulException.Internal("Failed to retrieve the token after insertion");
    }

    private ulong ReadResetIndex()
    {
        if (_server.Options.DataDir is not { Length: > 0 } dir)
        {
            return 0;
        }

        var path = Path.Combine(dir, BootstrapResetFile);
        try
        {
            var text = File.ReadAllText(path).Trim();
            return ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private void DeleteResetFile()
    {
        if (_server.Options.DataDir is { Length: > 0 } dir)
        {
            try
            {
                File.Delete(Path.Combine(dir, BootstrapResetFile));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.ResetFileNotRemoved(_log, ex.Message);
            }
        }
    }

    // ---- tokens ----------------------------------------------------------------------------------------------

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

    // ---- policies --------------------------------------------------------------------------------------------

    public Task<QueryResponse<AclPolicy?>> GetPolicyAsync(string id, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => s.AclPolicyById(id, ws), cancellationToken);

    public Task<QueryResponse<AclPolicy?>> GetPolicyByNameAsync(string name, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => s.AclPolicyByName(name, ws), cancellationToken);

    public Task<QueryResponse<IReadOnlyList<AclPolicy>>> ListPoliciesAsync(QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => s.AclPolicies(ws), cancellationToken);

    /// <summary>Consul's <c>ACL.PolicySet</c>: an empty <see cref="AclPolicy.Id"/> creates.</summary>
    public async Task<AclPolicy> SetPolicyAsync(AclPolicy policy, CancellationToken cancellationToken)
    {
        if (policy.Name.Length == 0)
        {
            throw ConsulException.Internal("Invalid Policy: no Name is set");
        }

        if (!PolicyNameRegex().IsMatch(policy.Name))
        {
            throw ConsulException.Internal("Invalid Policy: invalid Name. Only alphanumeric characters, '-' and '_' are allowed");
        }

        var state = _server.State.Current;
        AclPolicy? idMatch = null;
        if (policy.Id.Length > 0)
        {
            if (!IsUuid(policy.Id))
            {
                throw ConsulException.Internal("Policy ID invalid UUID");
            }

            idMatch = state.AclPolicyById(policy.Id).Value;
        }

        var nameMatch = state.AclPolicyByName(policy.Name).Value;
        var id = policy.Id;
        if (id.Length == 0)
        {
            id = NewId();
            if (nameMatch is not null)
            {
                throw ConsulException.Internal($"Invalid Policy: A Policy with Name \"{policy.Name}\" already exists");
            }
        }
        else
        {
            if (idMatch is null)
            {
                throw ConsulException.Internal($"cannot find policy {policy.Id}");
            }

            if (!string.Equals(idMatch.Name, policy.Name, StringComparison.OrdinalIgnoreCase) && nameMatch is not null)
            {
                throw ConsulException.Internal($"Invalid Policy: A policy with name \"{policy.Name}\" already exists");
            }

            if (string.Equals(policy.Id, BuiltinPolicies.GlobalManagementId, StringComparison.OrdinalIgnoreCase))
            {
                if (policy.Datacenters.Count > 0)
                {
                    throw ConsulException.Internal("Changing the Datacenters of the builtin global-management policy is not permitted");
                }

                if (policy.Rules != idMatch.Rules)
                {
                    throw ConsulException.Internal("Changing the Rules for the builtin global-management policy is not permitted");
                }
            }

            id = idMatch.Id;
        }

        try
        {
            PolicyParser.Parse(policy.Rules);
        }
        catch (AclRulesException ex)
        {
            throw ConsulException.Internal(ex.Message);
        }

        var stored = WithHash(policy with { Id = id });
        await ApplyAsync(CommandCodec.AclPolicySet(new AclPolicySetCommand { Policies = [stored] }), "Failed to apply policy upsert request", cancellationToken).ConfigureAwait(false);
        return _server.State.Current.AclPolicyById(id).Value ?? throw ConsulException.Internal("Failed to retrieve the policy after insertion");
    }

    /// <summary>Consul's <c>ACL.PolicyDelete</c>; deleting a missing policy succeeds. Returns the deleted name.</summary>
    public async Task<string?> DeletePolicyAsync(string id, CancellationToken cancellationToken)
    {
        if (_server.State.Current.AclPolicyById(id).Value is not { } policy)
        {
            return null;
        }

        if (string.Equals(policy.Id, BuiltinPolicies.GlobalManagementId, StringComparison.OrdinalIgnoreCase))
        {
            throw ConsulException.Internal("Delete operation not permitted on the builtin global-management policy");
        }

        await ApplyAsync(CommandCodec.AclPolicyDelete(new AclDeleteCommand { Ids = [policy.Id] }), "Failed to apply policy delete request", cancellationToken).ConfigureAwait(false);
        return policy.Name;
    }

    // ---- roles -----------------------------------------------------------------------------------------------

    public Task<QueryResponse<AclRoleView?>> GetRoleAsync(string id, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => new QueryResult<AclRoleView?>(s.AclRoleById(id, ws).Index, RoleView(s, s.AclRoleById(id).Value, ws)), cancellationToken);

    public Task<QueryResponse<AclRoleView?>> GetRoleByNameAsync(string name, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) => new QueryResult<AclRoleView?>(s.AclRoleByName(name, ws).Index, RoleView(s, s.AclRoleByName(name).Value, ws)), cancellationToken);

    public Task<QueryResponse<IReadOnlyList<AclRoleView>>> ListRolesAsync(string? policyId, QueryOptions options, CancellationToken cancellationToken) =>
        _server.QueryAsync(options, (s, ws) =>
        {
            var roles = s.AclRoles(policyId, ws);
            IReadOnlyList<AclRoleView> views = roles.Value.Select(r => RoleView(s, r, ws)!).ToList();
            return new QueryResult<IReadOnlyList<AclRoleView>>(roles.Index, views);
        }, cancellationToken);

    /// <summary>Consul's <c>ACL.RoleSet</c>: an empty ID creates.</summary>
    public async Task<AclRoleView> SetRoleAsync(AclRoleRequest request, CancellationToken cancellationToken)
    {
        if (request.Name.Length == 0)
        {
            throw ConsulException.Internal("Invalid Role: no Name is set");
        }

        if (!RoleNameRegex().IsMatch(request.Name))
        {
            throw ConsulException.Internal("Invalid Role: invalid Name. Only alphanumeric characters, '-' and '_' are allowed");
        }

        var state = _server.State.Current;
        var id = request.Id;
        if (id.Length == 0)
        {
            id = NewId();
            if (state.AclRoleByName(request.Name).Value is not null)
            {
                throw ConsulException.Internal($"Invalid Role: A Role with Name \"{request.Name}\" already exists");
            }
        }
        else
        {
            if (!IsUuid(id))
            {
                throw ConsulException.Internal("Role ID invalid UUID");
            }

            if (state.AclRoleById(id).Value is not { } existing)
            {
                throw ConsulException.Internal($"cannot find role {id}");
            }

            if (!string.Equals(existing.Name, request.Name, StringComparison.OrdinalIgnoreCase) && state.AclRoleByName(request.Name).Value is not null)
            {
                throw ConsulException.Internal($"Invalid Role: A role with name \"{request.Name}\" already exists");
            }

            id = existing.Id;
        }

        var role = WithHash(new AclRole
        {
            Id = id,
            Name = request.Name,
            Description = request.Description,
            Policies = ResolvePolicyLinks(state, request.Policies, checkIds: true),
            ServiceIdentities = CheckServiceIdentities(request.ServiceIdentities, local: false, "role"),
            NodeIdentities = CheckNodeIdentities(request.NodeIdentities, "role"),
        });
        await ApplyAsync(CommandCodec.AclRoleSet(new AclRoleSetCommand { Roles = [role] }), "Failed to apply role upsert request", cancellationToken).ConfigureAwait(false);
        var now = _server.State.Current;
        return RoleView(now, now.AclRoleById(id).Value, null) ?? throw ConsulException.Internal("Failed to retrieve the role after insertion");
    }

    /// <summary>Consul's <c>ACL.RoleDelete</c>; deleting a missing role succeeds.</summary>
    public async Task DeleteRoleAsync(string id, CancellationToken cancellationToken)
    {
        if (_server.State.Current.AclRoleById(id).Value is not { } role)
        {
            return;
        }

        await ApplyAsync(CommandCodec.AclRoleDelete(new AclDeleteCommand { Ids = [role.Id] }), "Failed to apply role delete request", cancellationToken).ConfigureAwait(false);
    }

    // ---- leader ----------------------------------------------------------------------------------------------

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

    // ---- resolution helpers ----------------------------------------------------------------------------------

    /// <summary>The policies a token grants: its own links and its roles' links, deduplicated, existing rows only;
    /// with <paramref name="datacenter"/>, policies restricted to other datacenters (<c>Datacenters</c>) are left out.</summary>
    public static IReadOnlyList<AclPolicy> EffectivePolicies(StateSnapshot state, AclToken token, string? datacenter = null)
    {
        var ids = new List<string>(token.Policies);
        foreach (var roleId in token.Roles)
        {
            if (state.AclRoleById(roleId).Value is { } role)
            {
                ids.AddRange(role.Policies);
            }
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<AclPolicy>(ids.Count);
        foreach (var id in ids)
        {
            if (seen.Add(id) && state.AclPolicyById(id).Value is { } policy
                && (datacenter is null || policy.Datacenters.Count == 0 || policy.Datacenters.Contains(datacenter, StringComparer.OrdinalIgnoreCase)))
            {
                result.Add(policy);
            }
        }

        return result;
    }

    /// <summary>Every rules text a token grants in <paramref name="datacenter"/>: its policies (see
    /// <see cref="EffectivePolicies"/>) and the synthetic policies of its and its roles' service and node identities.
    /// Each comes with a cache key that changes when the text does.</summary>
    public static IReadOnlyList<(string Key, string Rules)> EffectiveRules(StateSnapshot state, AclToken token, string datacenter)
    {
        var result = EffectivePolicies(state, token, datacenter)
            .Select(p => (p.Id + "@" + p.ModifyIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Rules))
            .ToList();
        var services = new List<AclServiceIdentity>(token.ServiceIdentities);
        var nodes = new List<AclNodeIdentity>(token.NodeIdentities);
        foreach (var roleId in token.Roles)
        {
            if (state.AclRoleById(roleId).Value is { } role)
            {
                services.AddRange(role.ServiceIdentities);
                nodes.AddRange(role.NodeIdentities);
            }
        }

        foreach (var s in services)
        {
            if (s.Datacenters.Count == 0 || s.Datacenters.Contains(datacenter, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(("service-identity:" + s.ServiceName, ServiceIdentityRules(s.ServiceName)));
            }
        }

        foreach (var n in nodes)
        {
            if (string.Equals(n.Datacenter, datacenter, StringComparison.OrdinalIgnoreCase))
            {
                result.Add(("node-identity:" + n.NodeName, NodeIdentityRules(n.NodeName)));
            }
        }

        return result;
    }

    /// <summary>Consul's service identity template.</summary>
    public static string ServiceIdentityRules(string service) => $$"""
        service "{{service}}" {
          policy = "write"
        }
        service "{{service}}-sidecar-proxy" {
          policy = "write"
        }
        service_prefix "" {
          policy = "read"
        }
        node_prefix "" {
          policy = "read"
        }
        """;

    /// <summary>Consul's node identity template.</summary>
    public static string NodeIdentityRules(string node) => $$"""
        node "{{node}}" {
          policy = "write"
        }
        service_prefix "" {
          policy = "read"
        }
        """;

    private static List<AclServiceIdentity> CheckServiceIdentities(IReadOnlyList<AclServiceIdentity> identities, bool local, string what)
    {
        var merged = new List<AclServiceIdentity>();
        foreach (var id in identities)
        {
            if (id.ServiceName.Length == 0)
            {
                throw ConsulException.Internal($"Service identity is missing the service name field on this {what}");
            }

            if (local && id.Datacenters.Count > 0)
            {
                throw ConsulException.Internal($"Service identity \"{id.ServiceName}\" cannot specify a list of datacenters on a local token");
            }

            if (id.ServiceName.Length > 256 || !IdentityNameRegex().IsMatch(id.ServiceName))
            {
                throw ConsulException.Internal($"Service identity \"{id.ServiceName}\" has an invalid name. Only alphanumeric characters, '-' and '_' are allowed");
            }

            // Consul's dedupe: one entry per name; any entry without datacenters means "everywhere".
            var at = merged.FindIndex(m => m.ServiceName == id.ServiceName);
            if (at < 0)
            {
                merged.Add(id with { Datacenters = [.. id.Datacenters] });
            }
            else if (merged[at].Datacenters.Count == 0 || id.Datacenters.Count == 0)
            {
                merged[at] = merged[at] with { Datacenters = [] };
            }
            else
            {
                merged[at] = merged[at] with { Datacenters = merged[at].Datacenters.Union(id.Datacenters, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() };
            }
        }

        return merged;
    }

    private static List<AclNodeIdentity> CheckNodeIdentities(IReadOnlyList<AclNodeIdentity> identities, string what)
    {
        var result = new List<AclNodeIdentity>();
        foreach (var id in identities)
        {
            if (id.NodeName.Length == 0)
            {
                throw ConsulException.Internal($"Node identity is missing the node name field on this {what}");
            }

            if (id.Datacenter.Length == 0)
            {
                throw ConsulException.Internal($"Node identity is missing the datacenter field on this {what}");
            }

            if (id.NodeName.Length > 256 || !IdentityNameRegex().IsMatch(id.NodeName))
            {
                throw ConsulException.Internal("Node identity has an invalid name. Only alphanumeric characters, '-' and '_' are allowed");
            }

            if (!result.Contains(id))
            {
                result.Add(id);
            }
        }

        return result;
    }

    public static AclTokenView? View(StateSnapshot state, AclToken? token, WatchSet? ws = null)
    {
        if (token is null)
        {
            return null;
        }

        ws?.Add(WatchKey.Table(StateTable.AclPolicies));
        ws?.Add(WatchKey.Table(StateTable.AclRoles));
        var policies = token.Policies.Select(id => state.AclPolicyById(id).Value).OfType<AclPolicy>().Select(p => new AclLink(p.Id, p.Name)).ToList();
        var roles = token.Roles.Select(id => state.AclRoleById(id).Value).OfType<AclRole>().Select(r => new AclLink(r.Id, r.Name)).ToList();
        return new AclTokenView(token, policies, roles);
    }

    private static AclTokenView? View(StateSnapshot state, string accessorId) => View(state, state.AclTokenByAccessor(accessorId).Value);

    public static AclRoleView? RoleView(StateSnapshot state, AclRole? role, WatchSet? ws)
    {
        if (role is null)
        {
            return null;
        }

        ws?.Add(WatchKey.Table(StateTable.AclPolicies));
        var policies = role.Policies.Select(id => state.AclPolicyById(id).Value).OfType<AclPolicy>().Select(p => new AclLink(p.Id, p.Name)).ToList();
        return new AclRoleView(role, policies);
    }

    private static List<string> ResolvePolicyLinks(StateSnapshot state, IReadOnlyList<AclLink> links, bool checkIds)
    {
        var ids = new List<string>(links.Count);
        foreach (var link in links)
        {
            string id;
            if (link.Id.Length == 0)
            {
                id = state.AclPolicyByName(link.Name).Value?.Id ?? throw ConsulException.Internal($"No such ACL policy with name \"{link.Name}\"");
            }
            else
            {
                var policy = state.AclPolicyById(link.Id).Value;
                if (policy is null && checkIds)
                {
                    throw ConsulException.Internal($"No such ACL policy with ID \"{link.Id}\"");
                }

                id = policy?.Id ?? link.Id;
            }

            if (!ids.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static List<string> ResolveRoleLinks(StateSnapshot state, IReadOnlyList<AclLink> links)
    {
        var ids = new List<string>(links.Count);
        foreach (var link in links)
        {
            var id = link.Id.Length == 0
                ? state.AclRoleByName(link.Name).Value?.Id ?? throw ConsulException.Internal($"No such ACL role with name \"{link.Name}\"")
                : state.AclRoleById(link.Id).Value?.Id ?? throw ConsulException.Internal($"No such ACL role with ID \"{link.Id}\"");
            if (!ids.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private async Task ApplyAsync(byte[] command, string failure, CancellationToken cancellationToken)
    {
        try
        {
            await _server.ApplyAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulException ex) when (ex.Kind == ConsulErrorKind.Internal)
        {
            throw ConsulException.Internal($"{failure}: {ex.Message}");
        }
    }

    public static bool IsUuid(string s) => s.Length == 36 && Guid.TryParseExact(s, "D", out _);

    private static string NewId() => Guid.NewGuid().ToString();

    // Consul hashes with blake2b-256 over the same fields; clients treat the hash as opaque, so SHA-256 is used.
    private static AclToken WithHash(AclToken t) => t with
    {
        Hash = Hash(t.Description, string.Join(',', t.Policies), string.Join(',', t.Roles), t.Local ? "local" : "global", Identities(t.ServiceIdentities, t.NodeIdentities)),
    };

    private static AclPolicy WithHash(AclPolicy p) => p with { Hash = Hash(p.Name, p.Description, p.Rules, string.Join(',', p.Datacenters)) };

    private static AclRole WithHash(AclRole r) => r with { Hash = Hash(r.Name, r.Description, string.Join(',', r.Policies), Identities(r.ServiceIdentities, r.NodeIdentities)) };

    private static string Identities(IReadOnlyList<AclServiceIdentity> services, IReadOnlyList<AclNodeIdentity> nodes) =>
        string.Join(',', services.Select(s => s.ServiceName + "@" + string.Join('+', s.Datacenters))) + ";" + string.Join(',', nodes.Select(n => n.NodeName + "@" + n.Datacenter));

    private static byte[] Hash(params string[] parts) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts)));

    [GeneratedRegex(@"^[A-Za-z0-9\-_]{1,128}$")]
    private static partial Regex PolicyNameRegex();

    [GeneratedRegex(@"^[A-Za-z0-9\-_]{1,256}$")]
    private static partial Regex RoleNameRegex();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9\-_]*[a-z0-9])?$")]
    private static partial Regex IdentityNameRegex();
}
