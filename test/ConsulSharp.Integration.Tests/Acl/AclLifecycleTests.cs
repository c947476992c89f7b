using System.Net;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.Acl;

/// <summary>ACL behaviour that needs its own agent: disabled ACLs, bootstrap, the agent's default and recovery tokens.</summary>
public sealed class AclLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_acls_disabled_every_acl_endpoint_answers_acl_support_disabled()
    {
        await using var a = await AclAgent.StartAsync(c => c, Ct);
        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Put, "/v1/acl/bootstrap"), (HttpMethod.Get, "/v1/acl/tokens"), (HttpMethod.Get, "/v1/acl/token/self"),
                     (HttpMethod.Get, "/v1/acl/policies"), (HttpMethod.Put, "/v1/acl/role"), (HttpMethod.Put, "/v1/agent/token/default"),
                 })
        {
            var (status, body, res) = await a.SendAsync(method, path, body: method == HttpMethod.Put ? "{}" : null, ct: Ct);
            Assert.True(status == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)status} {body}");
            Assert.Equal("ACL support disabled", body);
            Assert.Equal("allow", res.Headers.GetValues("X-Consul-Default-ACL-Policy").Single());
        }

        // Without ACLs nothing is enforced.
        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(HttpMethod.Put, "/v1/kv/free", body: "x", ct: Ct)).Status);
    }

    [Fact]
    public async Task Bootstrap_works_once_then_reports_the_reset_index()
    {
        await using var a = await AclAgent.StartAsync(c => c with { Enabled = true, DefaultPolicy = "deny" }, Ct);
        JsonElement token = default;
        await a.WaitForAsync(async () =>
        {
            var (status, body, _) = await a.SendAsync(HttpMethod.Put, "/v1/acl/bootstrap", ct: Ct);
            if (status != HttpStatusCode.OK)
            {
                return false;
            }

            token = JsonDocument.Parse(body).RootElement.Clone();
            return true;
        }, Ct);
        Assert.Equal(
            ["ID", "AccessorID", "SecretID", "Description", "Policies", "Local", "CreateTime", "Hash", "CreateIndex", "ModifyIndex"],
            token.EnumerateObject().Select(p => p.Name));
        Assert.Equal(token.GetProperty("SecretID").GetString(), token.GetProperty("ID").GetString());
        Assert.Equal("Bootstrap Token (Global Management)", token.GetProperty("Description").GetString());
        Assert.Equal("global-management", Assert.Single(token.GetProperty("Policies").EnumerateArray()).GetProperty("Name").GetString());

        var secret = token.GetProperty("SecretID").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(HttpMethod.Put, "/v1/kv/managed", secret, "v", Ct)).Status);
        var (denied, text, _) = await a.SendAsync(HttpMethod.Put, "/v1/acl/bootstrap", ct: Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied);
        Assert.Equal($"Permission denied: ACL bootstrap no longer allowed (reset index: {token.GetProperty("CreateIndex").GetUInt64()})", text);
    }

    [Fact]
    public async Task Default_token_is_used_for_requests_without_one_and_can_be_replaced()
    {
        await using var a = await AclAgent.StartManagedAsync(Ct);
        var policy = await a.OkAsync(HttpMethod.Put, "/v1/acl/policy", body: "{\"Name\":\"reader\",\"Rules\":\"acl = \\\"read\\\"\"}", ct: Ct);
        var token = await a.OkAsync(HttpMethod.Put, "/v1/acl/token", body: JsonSerializer.Serialize(new { Policies = new[] { new { ID = policy.GetProperty("ID").GetString() } } }), ct: Ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.SendAsync(HttpMethod.Get, "/v1/acl/policies", ct: Ct)).Status);

        var (status, body, _) = await a.SendAsync(HttpMethod.Put, "/v1/agent/token/default", AclAgent.Management, JsonSerializer.Serialize(new { Token = token.GetProperty("SecretID").GetString() }), Ct);
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal("", body);
        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(HttpMethod.Get, "/v1/acl/policies", ct: Ct)).Status);
        var self = await a.OkAsync(HttpMethod.Get, "/v1/acl/token/self", token: null, ct: Ct);
        Assert.Equal(token.GetProperty("AccessorID").GetString(), self.GetProperty("AccessorID").GetString());
    }

    [Fact]
    public async Task Default_token_from_config_and_agent_recovery_token()
    {
        const string recovery = "99999999-8888-7777-6666-555555555555";
        await using var a = await AclAgent.StartManagedAsync(Ct, c => c with { Tokens = c.Tokens with { Default = AclAgent.Management, AgentRecovery = recovery } });

        // The default token (here the management token) answers requests without a token.
        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(HttpMethod.Get, "/v1/acl/tokens", ct: Ct)).Status);

        // The recovery token may change the agent's tokens, and nothing ACL-wide.
        Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(HttpMethod.Put, "/v1/agent/token/agent", recovery, "{\"Token\":\"abc\"}", Ct)).Status);
        var (status, body, _) = await a.SendAsync(HttpMethod.Get, "/v1/acl/tokens", recovery, ct: Ct);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Permission denied: token with AccessorID 'agent-recovery-token' lacks permission 'acl:read'", body);
    }

    [Fact]
    public void Tokens_set_through_the_api_persist_in_the_data_dir_and_win_over_the_config()
    {
        var dir = Directory.CreateTempSubdirectory("acl-tokens-").FullName;
        try
        {
            var config = new ConsulSharp.Agent.Config.AclTokens { Default = "from-config", Agent = "agent-config" };
            var store = new ConsulSharp.Http.Acl.AgentTokenStore(config, dir);
            Assert.True(store.TrySet("default", "from-api"));
            Assert.True(store.TrySet("acl_replication_token", "repl"));
            Assert.True(File.Exists(Path.Combine(dir, "acl-tokens.json")));

            var restarted = new ConsulSharp.Http.Acl.AgentTokenStore(config, dir);
            Assert.Equal("from-api", restarted.Default);
            Assert.Equal("repl", restarted.Replication);
            Assert.Equal("agent-config", restarted.Agent);

            var notPersisted = new ConsulSharp.Http.Acl.AgentTokenStore(config, null);
            Assert.Equal("from-config", notPersisted.Default);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Config_tokens_follow_the_current_config_until_the_api_sets_one()
    {
        var config = new ConsulSharp.Agent.Config.AclTokens { Default = "v1" };
        var store = new ConsulSharp.Http.Acl.AgentTokenStore(() => config, null);
        Assert.Equal("v1", store.Default);
        config = config with { Default = "v2", Dns = "d" };
        Assert.Equal("v2", store.Default);
        Assert.Equal("d", store.Dns);
        Assert.True(store.TrySet("acl_token", "api"));
        config = config with { Default = "v3" };
        Assert.Equal("api", store.Default);
        Assert.False(store.TrySet("nope", "x"));
    }
}
