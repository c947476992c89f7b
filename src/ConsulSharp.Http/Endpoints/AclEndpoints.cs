using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Errors;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/acl/*</c> on servers: bootstrap, tokens, policies, roles (Consul's <c>agent/acl_endpoint.go</c>).
/// Every route answers 401 <c>ACL support disabled</c> when <c>acl.enabled</c> is off.</summary>
public sealed class AclEndpoints(AclService acl, HttpApiOptions options, Agent.ConsulAgent agent, Acl.AgentTokenStore tokens, TimeProvider time)
{
    public void Register(RouteTable routes)
    {
        routes.Put("/v1/acl/bootstrap", BootstrapAsync);
        routes.Put("/v1/acl/token", req => TokenWriteAsync(req, "", create: true));
        routes.Get("/v1/acl/token/self", TokenSelfAsync);
        routes.Get("/v1/acl/token/", TokenReadAsync);
        routes.Put("/v1/acl/token/", TokenPutAsync);
        routes.Delete("/v1/acl/token/", TokenDeleteAsync);
        routes.Get("/v1/acl/tokens", TokenListAsync);
        routes.Put("/v1/acl/policy", req => PolicyWriteAsync(req, "", create: true));
        routes.Get("/v1/acl/policy/", PolicyReadAsync);
        routes.Put("/v1/acl/policy/", PolicyPutAsync);
        routes.Delete("/v1/acl/policy/", PolicyDeleteAsync);
        routes.Get("/v1/acl/policy/name/", PolicyReadByNameAsync);
        routes.Get("/v1/acl/policies", PolicyListAsync);
        routes.Put("/v1/acl/role", req => RoleWriteAsync(req, ""));
        routes.Get("/v1/acl/role/", RoleReadAsync);
        routes.Put("/v1/acl/role/", RolePutAsync);
        routes.Delete("/v1/acl/role/", RoleDeleteAsync);
        routes.Get("/v1/acl/role/name/", RoleReadByNameAsync);
        routes.Get("/v1/acl/roles", RoleListAsync);
        routes.Get(Acl.AclResolver.ResolvePath, ResolveAsync);
    }

    /// <summary>The request token's identity and policy rules, for client agents' resolvers (no permission needed:
    /// a token may always learn its own rules, as with Consul's <c>ACL.PolicyResolve</c>).</summary>
    private async Task ResolveAsync(ApiRequest req)
    {
        CheckEnabled();
        var secret = req.Token.Length == 0 ? ConsulSharp.Acl.BuiltinPolicies.AnonymousTokenSecret : req.Token;
        var state = acl.State;
        var token = state.AclTokenBySecret(secret).Value;
        if (token is not null && token.IsExpired(time.GetUtcNow()))
        {
            token = null;
        }

        if (token is null && secret != ConsulSharp.Acl.BuiltinPolicies.AnonymousTokenSecret)
        {
            throw new ConsulException(ConsulErrorKind.PermissionDenied, Errors.AclNotFound);
        }

        var dto = new AclResolveDto
        {
            AccessorID = token?.AccessorId ?? ConsulSharp.Acl.BuiltinPolicies.AnonymousTokenId,
            Rules = token is null ? [] : AclService.EffectiveRules(state, token, agent.Config.Datacenter).Select(r => r.Rules).ToList(),
        };
        await req.WriteJsonAsync(dto).ConfigureAwait(false);
    }

    private void CheckEnabled()
    {
        if (!agent.Config.Acl.Enabled)
        {
            throw new ConsulException(ConsulErrorKind.Unauthorized, Errors.AclDisabled);
        }
    }

    private static async Task<AclAuthorization> RequireAsync(ApiRequest req, bool write)
    {
        var authz = await req.AuthorizeAsync().ConfigureAwait(false);
        if (write ? !authz.Authorizer.AclWrite() : !authz.Authorizer.AclRead())
        {
            throw authz.Denied(write ? "acl:write" : "acl:read", null);
        }

        return authz;
    }

    private Core.Requests.QueryOptions Query(ApiRequest req) => req.ParseQueryOptions(options.DefaultQueryTime, options.MaxQueryTime);

    // ---- bootstrap -------------------------------------------------------------------------------------------

    private async Task BootstrapAsync(ApiRequest req)
    {
        CheckEnabled();
        string? secret = null;
        if (req.Http.Request.ContentLength > 0)
        {
            var body = await DecodeAsync(req, ConsulJson.CompactContext.AclBootstrapRequest, "Request decoding failed: ").ConfigureAwait(false);
            secret = body.BootstrapSecret;
        }

        var token = await acl.BootstrapAsync(secret, req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(AclMapping.Bootstrap(token)).ConfigureAwait(false);
    }

    // ---- tokens ----------------------------------------------------------------------------------------------

    private async Task TokenSelfAsync(ApiRequest req)
    {
        CheckEnabled();
        var options = Query(req);
        var secret = options.Token.Length > 0 ? options.Token : tokens.Default;
        var res = await acl.GetTokenBySecretAsync(secret, options, req.Aborted).ConfigureAwait(false);
        req.SetMeta(res.Meta);
        if (res.Value is null)
        {
            // Consul reads the token by its secret without resolving it first.
            throw ConsulException.NotFound("Supplied token does not exist");
        }

        await req.WriteJsonAsync(AclMapping.Token(res.Value, redactSecret: false)).ConfigureAwait(false);
    }

    private async Task TokenReadAsync(ApiRequest req)
    {
        CheckEnabled();
        var id = req.Suffix;
        if (id.Length == 0)
        {
            throw ConsulException.BadRequest("Missing token AccessorID");
        }

        var authz = await RequireAsync(req, write: false).ConfigureAwait(false);
        var res = await acl.GetTokenAsync(id, Query(req), req.Aborted).ConfigureAwait(false);
        req.SetMeta(res.Meta);
        if (res.Value is null)
        {
            throw ConsulException.NotFound("Requested token does not exist: " + Errors.AclNotFound);
        }

        await req.WriteJsonAsync(AclMapping.Token(res.Value, redactSecret: !authz.Authorizer.AclWrite())).ConfigureAwait(false);
    }

    private Task TokenPutAsync(ApiRequest req)
    {
        CheckEnabled();
        var id = req.Suffix;
        if (id.EndsWith("/clone", StringComparison.Ordinal))
        {
            return TokenCloneAsync(req, id[..^"/clone".Length]);
        }

        return TokenWriteAsync(req, id, create: false);
    }

    private async Task TokenWriteAsync(ApiRequest req, string accessorId, bool create)
    {
        CheckEnabled();
        await RequireAsync(req, write: true).ConfigureAwait(false);
        var dto = await DecodeAsync(req, ConsulJson.CompactContext.AclTokenEntry, "Token decoding failed: ").ConfigureAwait(false);
        var request = AclMapping.TokenRequest(dto);
        if (!create)
        {
            if (request.AccessorId.Length == 0)
            {
                request = request with { AccessorId = accessorId };
            }

            if (request.AccessorId != accessorId)
            {
                throw ConsulException.BadRequest("Token Accessor ID in URL and payload do not match");
            }
        }

        var token = await acl.SetTokenAsync(request, create, req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(AclMapping.Token(token, redactSecret: false)).ConfigureAwait(false);
    }

    private async Task TokenCloneAsync(ApiRequest req, string accessorId)
    {
        await RequireAsync(req, write: true).ConfigureAwait(false);
        string? description = null;
        if (req.Http.Request.ContentLength is null or > 0)
        {
            var body = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
            if (body.Length > 0)
            {
                description = Deserialize(body, ConsulJson.CompactContext.AclTokenEntry, "Token decoding failed: ").Description;
            }
        }

        var token = await acl.CloneTokenAsync(accessorId, description, req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(AclMapping.Token(token, redactSecret: false)).ConfigureAwait(false);
    }

    private async Task TokenDeleteAsync(ApiRequest req)
    {
        CheckEnabled();
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing token AccessorID");
        }

        await RequireAsync(req, write: true).ConfigureAwait(false);
        await acl.DeleteTokenAsync(req.Suffix, req.Token, req.Aborted).ConfigureAwait(false);
        await req.WriteBoolAsync(true).ConfigureAwait(false);
    }

    private async Task TokenListAsync(ApiRequest req)
    {
        CheckEnabled();
        var authz = await RequireAsync(req, write: false).ConfigureAwait(false);
        var redact = !authz.Authorizer.AclWrite();
        var res = await acl.ListTokensAsync(req.Query("policy"), req.Query("role"), req.Query("servicename"), Query(req), req.Aborted).ConfigureAwait(false);
        req.SetMeta(res.Meta);
        await req.WriteJsonAsync(res.Value.Select(t => AclMapping.Token(t, redact)).ToList()).ConfigureAwait(false);
    }

    // ---- policies --------------------------------------------------------------------------------------------

    private async Task PolicyReadAsync(ApiRequest req)
    {
        CheckEnabled();
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing policy ID");
        }

        await RequireAsync(req, write: false).ConfigureAwait(false);
        var res = await acl.GetPolicyAsync(req.Suffix, Query(req), req.Aborted).ConfigureAwait(false);
        await WritePolicyAsync(req, res).ConfigureAwait(false);
    }

    private async Task PolicyReadByNameAsync(ApiRequest req)
    {
        CheckEnabled();
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing policy Name");
        }

        await RequireAsync(req, write: false).ConfigureAwait(false);
        var res = await acl.GetPolicyByNameAsync(Uri.UnescapeDataString(req.Suffix), Query(req), req.Aborted).ConfigureAwait(false);
        await WritePolicyAsync(req, res).ConfigureAwait(false);
    }

    private static async Task WritePolicyAsync(ApiRequest req, Server.QueryResponse<Core.Structs.AclPolicy?> res)
    {
        req.SetMeta(res.Meta);
        if (res.Value is null)
        {
            throw ConsulException.NotFound("Requested policy does not exist: " + Errors.AclNotFound);
        }

        await req.WriteJsonAsync(AclMapping.Policy(res.Value)).ConfigureAwait(false);
    }

    private Task PolicyPutAsync(ApiRequest req)
    {
        CheckEnabled();
        return PolicyWriteAsync(req, req.Suffix, create: false);
    }

    private async Task PolicyWriteAsync(ApiRequest req, string id, bool create)
    {
        CheckEnabled();
        await RequireAsync(req, write: true).ConfigureAwait(false);
        var dto = await DecodeAsync(req, ConsulJson.CompactContext.AclPolicyEntry, "Policy decoding failed: ").ConfigureAwait(false);
        var policy = AclMapping.PolicyRow(dto);
        if (create)
        {
            if (policy.Id.Length > 0)
            {
                throw ConsulException.BadRequest("Cannot specify the ID when creating a new policy");
            }
        }
        else if (policy.Id.Length > 0 && policy.Id != id)
        {
            throw ConsulException.BadRequest("Policy ID in URL and payload do not match");
        }
        else if (policy.Id.Length == 0)
        {
            policy = policy with { Id = id };
        }

        var stored = await acl.SetPolicyAsync(policy, req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(AclMapping.Policy(stored)).ConfigureAwait(false);
    }

    private async Task PolicyDeleteAsync(ApiRequest req)
    {
        CheckEnabled();
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing policy ID");
        }

        await RequireAsync(req, write: true).ConfigureAwait(false);
        await acl.DeletePolicyAsync(req.Suffix, req.Aborted).ConfigureAwait(false);
        await req.WriteBoolAsync(true).ConfigureAwait(false);
    }

    private async Task PolicyListAsync(ApiRequest req)
    {
        CheckEnabled();
        await RequireAsync(req, write: false).ConfigureAwait(false);
        var res = await acl.ListPoliciesAsync(Query(req), req.Aborted).ConfigureAwait(false);
        req.SetMeta(res.Meta);
        await req.WriteJsonAsync(res.Value.Select(AclMapping.PolicyStub).ToList()).ConfigureAwait(false);
    }

    // ---- roles -----------------------------------------------------------------------------------------------

    private async Task RoleReadAsync(ApiRequest req)
    {
        CheckEnabled();
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing role ID");
        }

        await RequireAsync(req, write: false).ConfigureAwait(false);
        var res = await acl.GetRoleAsync(req.Suffix, Query(req), req.Aborted).ConfigureAwait(false);
        await WriteRoleAsync(req, res).ConfigureAwait(false);
    }

    private async Task RoleReadByNameAsync(ApiRequest req)
    {
        CheckEnabled();
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing role Name");
        }

        await RequireAsync(req, write: false).ConfigureAwait(false);
        var res = await acl.GetRoleByNameAsync(Uri.UnescapeDataString(req.Suffix), Query(req), req.Aborted).ConfigureAwait(false);
        await WriteRoleAsync(req, res).ConfigureAwait(false);
    }

    private static async Task WriteRoleAsync(ApiRequest req, Server.QueryResponse<AclRoleView?> res)
    {
        req.SetMeta(res.Meta);
        if (res.Value is null)
        {
            throw ConsulException.NotFound("Requested role does not exist: " + Errors.AclNotFound);
        }

        await req.WriteJsonAsync(AclMapping.Role(res.Value)).ConfigureAwait(false);
    }

    private Task RolePutAsync(ApiRequest req)
    {
        CheckEnabled();
        return RoleWriteAsync(req, req.Suffix);
    }

    private async Task RoleWriteAsync(ApiRequest req, string id)
    {
        CheckEnabled();
        await RequireAsync(req, write: true).ConfigureAwait(false);
        var dto = await DecodeAsync(req, ConsulJson.CompactContext.AclRoleEntry, "Role decoding failed: ").ConfigureAwait(false);
        var request = AclMapping.RoleRequest(dto);
        if (request.Id.Length > 0 && request.Id != id)
        {
            throw ConsulException.BadRequest("Role ID in URL and payload do not match");
        }

        var role = await acl.SetRoleAsync(request with { Id = id }, req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(AclMapping.Role(role)).ConfigureAwait(false);
    }

    private async Task RoleDeleteAsync(ApiRequest req)
    {
        CheckEnabled();
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing role ID");
        }

        await RequireAsync(req, write: true).ConfigureAwait(false);
        await acl.DeleteRoleAsync(req.Suffix, req.Aborted).ConfigureAwait(false);
        await req.WriteBoolAsync(true).ConfigureAwait(false);
    }

    private async Task RoleListAsync(ApiRequest req)
    {
        CheckEnabled();
        await RequireAsync(req, write: false).ConfigureAwait(false);
        var res = await acl.ListRolesAsync(req.Query("policy"), Query(req), req.Aborted).ConfigureAwait(false);
        req.SetMeta(res.Meta);
        await req.WriteJsonAsync(res.Value.Select(AclMapping.Role).ToList()).ConfigureAwait(false);
    }

    // ---- bodies ----------------------------------------------------------------------------------------------

    private static async Task<T> DecodeAsync<T>(ApiRequest req, JsonTypeInfo<T> info, string prefix)
    {
        var body = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
        return Deserialize(body, info, prefix);
    }

    private static T Deserialize<T>(byte[] body, JsonTypeInfo<T> info, string prefix)
    {
        if (body.Length == 0)
        {
            throw ConsulException.BadRequest(prefix + "EOF");
        }

        try
        {
            return JsonSerializer.Deserialize(body, info) ?? throw ConsulException.BadRequest(prefix + "EOF");
        }
        catch (JsonException ex)
        {
            var msg = ex.Message;
            var cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
            throw ConsulException.BadRequest(prefix + (cut > 0 ? msg[..cut] : msg));
        }
    }
}
