using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;

namespace ConsulSharp.Client;

/// <summary>
/// Typed calls of <c>/v1/acl/*</c> and <c>/v1/agent/token/*</c> (Consul's Go <c>api.ACL</c> and the agent token
/// setters). Non-2xx answers throw <see cref="ConsulApiException"/> with Consul's <c>Unexpected response code</c> text;
/// role reads answer null on 404 as the Go client does.
/// </summary>
public sealed class AclApi(ConsulHttpClient client)
{
    public async Task<AclTokenEntry> BootstrapAsync(string? bootstrapSecret = null, CancellationToken cancellationToken = default)
    {
        var body = string.IsNullOrEmpty(bootstrapSecret) ? null : Serialize(new AclBootstrapRequest { BootstrapSecret = bootstrapSecret }, ConsulJson.CompactContext.AclBootstrapRequest);
        return await SendAsync(HttpMethod.Put, "/v1/acl/bootstrap", body, ConsulJson.CompactContext.AclTokenEntry, cancellationToken).ConfigureAwait(false);
    }

    public Task<AclTokenEntry> TokenCreateAsync(AclTokenEntry token, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "/v1/acl/token", Serialize(token, ConsulJson.CompactContext.AclTokenEntry), ConsulJson.CompactContext.AclTokenEntry, cancellationToken);

    public Task<AclTokenEntry> TokenUpdateAsync(AclTokenEntry token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SendAsync(HttpMethod.Put, "/v1/acl/token/" + Escape(token.AccessorID), Serialize(token, ConsulJson.CompactContext.AclTokenEntry), ConsulJson.CompactContext.AclTokenEntry, cancellationToken);
    }

    public Task<AclTokenEntry> TokenReadAsync(string accessorId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v1/acl/token/" + Escape(accessorId), null, ConsulJson.CompactContext.AclTokenEntry, cancellationToken);

    /// <summary><c>GET /v1/acl/token/self</c>: the token the client's own secret belongs to.</summary>
    public Task<AclTokenEntry> TokenReadSelfAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v1/acl/token/self", null, ConsulJson.CompactContext.AclTokenEntry, cancellationToken);

    public Task<AclTokenEntry> TokenCloneAsync(string accessorId, string description, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "/v1/acl/token/" + Escape(accessorId) + "/clone", Serialize(new AclTokenCloneRequest { Description = description }, ConsulJson.CompactContext.AclTokenCloneRequest), ConsulJson.CompactContext.AclTokenEntry, cancellationToken);

    public Task TokenDeleteAsync(string accessorId, CancellationToken cancellationToken = default) =>
        client.SendAsync(HttpMethod.Delete, "/v1/acl/token/" + Escape(accessorId), null, cancellationToken);

    public Task<List<AclTokenEntry>> TokenListAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v1/acl/tokens", null, ConsulJson.CompactContext.ListAclTokenEntry, cancellationToken);

    public Task<AclPolicyEntry> PolicyCreateAsync(AclPolicyEntry policy, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "/v1/acl/policy", Serialize(policy, ConsulJson.CompactContext.AclPolicyEntry), ConsulJson.CompactContext.AclPolicyEntry, cancellationToken);

    public Task<AclPolicyEntry> PolicyUpdateAsync(AclPolicyEntry policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return SendAsync(HttpMethod.Put, "/v1/acl/policy/" + Escape(policy.ID), Serialize(policy, ConsulJson.CompactContext.AclPolicyEntry), ConsulJson.CompactContext.AclPolicyEntry, cancellationToken);
    }

    public Task<AclPolicyEntry> PolicyReadAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v1/acl/policy/" + Escape(id), null, ConsulJson.CompactContext.AclPolicyEntry, cancellationToken);

    public Task<AclPolicyEntry> PolicyReadByNameAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v1/acl/policy/name/" + Escape(name), null, ConsulJson.CompactContext.AclPolicyEntry, cancellationToken);

    public Task PolicyDeleteAsync(string id, CancellationToken cancellationToken = default) =>
        client.SendAsync(HttpMethod.Delete, "/v1/acl/policy/" + Escape(id), null, cancellationToken);

    public Task<List<AclPolicyListEntry>> PolicyListAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v1/acl/policies", null, ConsulJson.CompactContext.ListAclPolicyListEntry, cancellationToken);

    public Task<AclRoleEntry> RoleCreateAsync(AclRoleEntry role, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "/v1/acl/role", Serialize(role, ConsulJson.CompactContext.AclRoleEntry), ConsulJson.CompactContext.AclRoleEntry, cancellationToken);

    public Task<AclRoleEntry> RoleUpdateAsync(AclRoleEntry role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        return SendAsync(HttpMethod.Put, "/v1/acl/role/" + Escape(role.ID), Serialize(role, ConsulJson.CompactContext.AclRoleEntry), ConsulJson.CompactContext.AclRoleEntry, cancellationToken);
    }

    /// <summary>The role, or null when the server answers 404.</summary>
    public Task<AclRoleEntry?> RoleReadAsync(string id, CancellationToken cancellationToken = default) =>
        ReadOrNullAsync("/v1/acl/role/" + Escape(id), ConsulJson.CompactContext.AclRoleEntry, cancellationToken);

    /// <summary>The role, or null when the server answers 404.</summary>
    public Task<AclRoleEntry?> RoleReadByNameAsync(string name, CancellationToken cancellationToken = default) =>
        ReadOrNullAsync("/v1/acl/role/name/" + Escape(name), ConsulJson.CompactContext.AclRoleEntry, cancellationToken);

    public Task RoleDeleteAsync(string id, CancellationToken cancellationToken = default) =>
        client.SendAsync(HttpMethod.Delete, "/v1/acl/role/" + Escape(id), null, cancellationToken);

    public Task<List<AclRoleEntry>> RoleListAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "/v1/acl/roles", null, ConsulJson.CompactContext.ListAclRoleEntry, cancellationToken);

    /// <summary><c>PUT /v1/agent/token/:kind</c> (<c>default</c>, <c>agent</c>, <c>agent_recovery</c>, <c>replication</c>,
    /// <c>config_file_service_registration</c>, <c>dns</c>).</summary>
    public Task SetAgentTokenAsync(string kind, string token, CancellationToken cancellationToken = default) =>
        client.SendAsync(HttpMethod.Put, "/v1/agent/token/" + Escape(kind), Serialize(new AgentTokenRequest { Token = token }, ConsulJson.CompactContext.AgentTokenRequest), cancellationToken);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.SerializeToUtf8Bytes(value, info);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> info, CancellationToken cancellationToken)
    {
        var res = await client.SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        return Deserialize(res, info);
    }

    private async Task<T?> ReadOrNullAsync<T>(string path, JsonTypeInfo<T> info, CancellationToken cancellationToken)
        where T : class
    {
        var res = await client.SendRawAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (res.StatusCode == 404)
        {
            return null;
        }

        if (res.StatusCode is < 200 or >= 300)
        {
            throw new ConsulApiException(res.StatusCode, res.Text.TrimEnd('\n'));
        }

        return Deserialize(res, info);
    }

    private static T Deserialize<T>(ConsulResponse res, JsonTypeInfo<T> info)
    {
        try
        {
            return JsonSerializer.Deserialize(res.Body, info) ?? throw new ConsulApiException("empty response body");
        }
        catch (JsonException ex)
        {
            throw new ConsulApiException("Failed to decode response: " + ex.Message, ex);
        }
    }
}
