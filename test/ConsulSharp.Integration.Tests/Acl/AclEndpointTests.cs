using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace ConsulSharp.Integration.Tests.Acl;

/// <summary><c>/v1/acl/*</c> over real HTTP against an agent with ACLs on (default deny, initial management token).</summary>
public sealed class AclEndpointTests(AclManagedFixture f) : IClassFixture<AclManagedFixture>
{
    private const string M = AclAgent.Management;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AclAgent A => f.Acl;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonElement> CreatePolicyAsync(string name, string rules) =>
        await A.OkAsync(HttpMethod.Put, "/v1/acl/policy", body: JsonSerializer.Serialize(new { Name = name, Rules = rules }), ct: Ct);

    private async Task<JsonElement> CreateTokenAsync(object body) =>
        await A.OkAsync(HttpMethod.Put, "/v1/acl/token", body: JsonSerializer.Serialize(body), ct: Ct);

    [Fact]
    public async Task Initial_management_token_exists_with_global_management_and_bootstrap_is_refused()
    {
        var self = await A.OkAsync(HttpMethod.Get, "/v1/acl/token/self", ct: Ct);
        Assert.Equal(M, self.GetProperty("SecretID").GetString());
        Assert.Equal("Initial Management Token", self.GetProperty("Description").GetString());
        var link = Assert.Single(self.GetProperty("Policies").EnumerateArray());
        Assert.Equal("00000000-0000-0000-0000-000000000001", link.GetProperty("ID").GetString());
        Assert.Equal("global-management", link.GetProperty("Name").GetString());
        Assert.Equal(
            ["AccessorID", "SecretID", "Description", "Policies", "Local", "CreateTime", "Hash", "CreateIndex", "ModifyIndex"],
            self.EnumerateObject().Select(p => p.Name));

        var (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/bootstrap", ct: Ct);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"Permission denied: ACL bootstrap no longer allowed (reset index: {self.GetProperty("CreateIndex").GetUInt64()})", body);
    }

    [Fact]
    public async Task Anonymous_token_exists_and_anonymous_requests_get_consuls_denial()
    {
        var anon = await A.OkAsync(HttpMethod.Get, "/v1/acl/token/00000000-0000-0000-0000-000000000002", ct: Ct);
        Assert.Equal("anonymous", anon.GetProperty("SecretID").GetString());
        Assert.Equal("Anonymous Token", anon.GetProperty("Description").GetString());
        Assert.False(anon.TryGetProperty("Policies", out _));

        var (status, body, res) = await A.SendAsync(HttpMethod.Get, "/v1/acl/policies", ct: Ct);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Permission denied: anonymous token lacks permission 'acl:read'. The anonymous token is used implicitly when a request does not specify a token.", body);
        Assert.Equal("deny", res.Headers.GetValues("X-Consul-Default-ACL-Policy").Single());
    }

    [Fact]
    public async Task Unknown_secret_is_acl_not_found()
    {
        var (status, body, _) = await A.SendAsync(HttpMethod.Get, "/v1/acl/tokens", Guid.NewGuid().ToString(), ct: Ct);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("ACL not found", body);
        (status, body, _) = await A.SendAsync(HttpMethod.Get, "/v1/acl/token/self", Guid.NewGuid().ToString(), ct: Ct);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Supplied token does not exist", body);
    }

    [Fact]
    public async Task Policy_crud_by_id_and_name()
    {
        var name = Unique("kv");
        var created = await CreatePolicyAsync(name, "key_prefix \"app/\" { policy = \"read\" }");
        var id = created.GetProperty("ID").GetString()!;
        Assert.Equal(["ID", "Name", "Description", "Rules", "Datacenters", "Hash", "CreateIndex", "ModifyIndex"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("Datacenters").ValueKind);

        Assert.Equal(name, (await A.OkAsync(HttpMethod.Get, "/v1/acl/policy/" + id, ct: Ct)).GetProperty("Name").GetString());
        Assert.Equal(id, (await A.OkAsync(HttpMethod.Get, "/v1/acl/policy/name/" + name, ct: Ct)).GetProperty("ID").GetString());

        var renamed = name + "-x";
        var updated = await A.OkAsync(HttpMethod.Put, "/v1/acl/policy/" + id, body: JsonSerializer.Serialize(new { Name = renamed, Rules = "", Description = "d" }), ct: Ct);
        Assert.Equal(renamed, updated.GetProperty("Name").GetString());
        Assert.Equal(created.GetProperty("CreateIndex").GetUInt64(), updated.GetProperty("CreateIndex").GetUInt64());
        Assert.True(updated.GetProperty("ModifyIndex").GetUInt64() > created.GetProperty("ModifyIndex").GetUInt64());

        var list = await A.OkAsync(HttpMethod.Get, "/v1/acl/policies", ct: Ct);
        var stub = list.EnumerateArray().Single(p => p.GetProperty("ID").GetString() == id);
        Assert.False(stub.TryGetProperty("Rules", out _));
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("Name").GetString() == "global-management");

        Assert.Equal("true", (await A.SendAsync(HttpMethod.Delete, "/v1/acl/policy/" + id, M, ct: Ct)).Body);
        var (status, body, _) = await A.SendAsync(HttpMethod.Get, "/v1/acl/policy/" + id, M, ct: Ct);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Requested policy does not exist: ACL not found", body);
    }

    [Fact]
    public async Task Policy_validation_uses_consuls_texts()
    {
        var (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/policy", M, JsonSerializer.Serialize(new { Name = Unique("bad"), Rules = "key \"x\" { policy = \"nope\" }" }), Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Invalid key policy: &acl.KeyRule{Prefix:\"x\", Policy:\"nope\", EnterpriseRule:acl.EnterpriseRule{}}", body);

        (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/policy", M, JsonSerializer.Serialize(new { Name = "global-management", Rules = "" }), Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Invalid Policy: A Policy with Name \"global-management\" already exists", body);

        (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/policy", M, JsonSerializer.Serialize(new { Name = "has space" }), Ct);
        Assert.Equal("Invalid Policy: invalid Name. Only alphanumeric characters, '-' and '_' are allowed", body);

        (status, body, _) = await A.SendAsync(HttpMethod.Delete, "/v1/acl/policy/00000000-0000-0000-0000-000000000001", M, ct: Ct);
        Assert.Equal("Delete operation not permitted on the builtin global-management policy", body);
    }

    [Fact]
    public async Task Token_crud_clone_and_list_filter()
    {
        var policy = await CreatePolicyAsync(Unique("p"), "");
        var pid = policy.GetProperty("ID").GetString()!;
        var token = await CreateTokenAsync(new { Description = "first", Policies = new[] { new { Name = policy.GetProperty("Name").GetString() } } });
        var accessor = token.GetProperty("AccessorID").GetString()!;
        var secret = token.GetProperty("SecretID").GetString()!;
        Assert.True(Guid.TryParse(accessor, out _));
        Assert.Equal(pid, Assert.Single(token.GetProperty("Policies").EnumerateArray()).GetProperty("ID").GetString());

        var read = await A.OkAsync(HttpMethod.Get, "/v1/acl/token/" + accessor, ct: Ct);
        Assert.Equal(secret, read.GetProperty("SecretID").GetString());

        var updated = await A.OkAsync(HttpMethod.Put, "/v1/acl/token/" + accessor, body: JsonSerializer.Serialize(new { Description = "second", Policies = new[] { new { ID = pid } } }), ct: Ct);
        Assert.Equal("second", updated.GetProperty("Description").GetString());
        Assert.Equal(secret, updated.GetProperty("SecretID").GetString());

        var clone = await A.OkAsync(HttpMethod.Put, $"/v1/acl/token/{accessor}/clone", body: "{\"Description\":\"cloned\"}", ct: Ct);
        Assert.NotEqual(accessor, clone.GetProperty("AccessorID").GetString());
        Assert.Equal("cloned", clone.GetProperty("Description").GetString());
        Assert.Equal(pid, Assert.Single(clone.GetProperty("Policies").EnumerateArray()).GetProperty("ID").GetString());

        var filtered = await A.OkAsync(HttpMethod.Get, "/v1/acl/tokens?policy=" + pid, ct: Ct);
        Assert.Equal(
            new[] { accessor, clone.GetProperty("AccessorID").GetString() }.Order(StringComparer.Ordinal),
            filtered.EnumerateArray().Select(t => t.GetProperty("AccessorID").GetString()).Order(StringComparer.Ordinal));

        var (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/token/" + accessor, M, JsonSerializer.Serialize(new { AccessorID = Guid.NewGuid().ToString() }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Token Accessor ID in URL and payload do not match", body);

        (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/token", M, JsonSerializer.Serialize(new { Policies = new[] { new { Name = "no-such-policy" } } }), Ct);
        Assert.Equal("No such ACL policy with name \"no-such-policy\"", body);

        Assert.Equal("true", (await A.SendAsync(HttpMethod.Delete, "/v1/acl/token/" + accessor, M, ct: Ct)).Body);
        (status, body, _) = await A.SendAsync(HttpMethod.Get, "/v1/acl/token/" + accessor, M, ct: Ct);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Requested token does not exist: ACL not found", body);
        (status, body, _) = await A.SendAsync(HttpMethod.Get, "/v1/acl/token/self", secret, ct: Ct);
        Assert.Equal("Supplied token does not exist", body);
        (status, body, _) = await A.SendAsync(HttpMethod.Get, "/v1/acl/policies", secret, ct: Ct);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("ACL not found", body);
    }

    [Fact]
    public async Task Deleting_the_requests_own_token_or_anonymous_is_refused()
    {
        var self = await A.OkAsync(HttpMethod.Get, "/v1/acl/token/self", ct: Ct);
        var (_, body, _) = await A.SendAsync(HttpMethod.Delete, "/v1/acl/token/" + self.GetProperty("AccessorID").GetString(), M, ct: Ct);
        Assert.Equal("Deletion of the request's authorization token is not permitted", body);
        (_, body, _) = await A.SendAsync(HttpMethod.Delete, "/v1/acl/token/00000000-0000-0000-0000-000000000002", M, ct: Ct);
        Assert.Equal("Delete operation not permitted on the anonymous token", body);
    }

    [Fact]
    public async Task Roles_link_policies_and_grant_them_to_tokens()
    {
        var policy = await CreatePolicyAsync(Unique("ops"), "operator = \"read\"");
        var roleName = Unique("role");
        var role = await A.OkAsync(HttpMethod.Put, "/v1/acl/role", body: JsonSerializer.Serialize(new { Name = roleName, Policies = new[] { new { Name = policy.GetProperty("Name").GetString() } } }), ct: Ct);
        var rid = role.GetProperty("ID").GetString()!;
        Assert.Equal(policy.GetProperty("ID").GetString(), Assert.Single(role.GetProperty("Policies").EnumerateArray()).GetProperty("ID").GetString());
        Assert.Equal(rid, (await A.OkAsync(HttpMethod.Get, "/v1/acl/role/name/" + roleName, ct: Ct)).GetProperty("ID").GetString());
        Assert.Contains((await A.OkAsync(HttpMethod.Get, "/v1/acl/roles?policy=" + policy.GetProperty("ID").GetString(), ct: Ct)).EnumerateArray(), r => r.GetProperty("ID").GetString() == rid);

        var token = await CreateTokenAsync(new { Roles = new[] { new { ID = rid } } });
        Assert.Equal(roleName, Assert.Single(token.GetProperty("Roles").EnumerateArray()).GetProperty("Name").GetString());
        Assert.Contains((await A.OkAsync(HttpMethod.Get, "/v1/acl/tokens?role=" + rid, ct: Ct)).EnumerateArray(), t => t.GetProperty("AccessorID").GetString() == token.GetProperty("AccessorID").GetString());

        var resolver = A.Agent.Host.Services.GetRequiredService<ConsulSharp.Http.Acl.AclResolver>();
        var authz = await resolver.ResolveAsync(token.GetProperty("SecretID").GetString()!, Ct);
        Assert.True(authz.Authorizer.OperatorRead());
        Assert.False(authz.Authorizer.OperatorWrite());

        Assert.Equal("true", (await A.SendAsync(HttpMethod.Delete, "/v1/acl/role/" + rid, M, ct: Ct)).Body);
        var (status, body, _) = await A.SendAsync(HttpMethod.Get, "/v1/acl/role/" + rid, M, ct: Ct);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Requested role does not exist: ACL not found", body);
        var after = await A.OkAsync(HttpMethod.Get, "/v1/acl/token/" + token.GetProperty("AccessorID").GetString(), ct: Ct);
        Assert.False(after.TryGetProperty("Roles", out _));
    }

    [Fact]
    public async Task Acl_read_token_lists_with_hidden_secrets_and_cannot_write()
    {
        var policy = await CreatePolicyAsync(Unique("aclread"), "acl = \"read\"");
        var token = await CreateTokenAsync(new { Policies = new[] { new { ID = policy.GetProperty("ID").GetString() } } });
        var secret = token.GetProperty("SecretID").GetString()!;
        var accessor = token.GetProperty("AccessorID").GetString()!;

        var list = await A.OkAsync(HttpMethod.Get, "/v1/acl/tokens", secret, ct: Ct);
        Assert.All(list.EnumerateArray(), t => Assert.Equal("<hidden>", t.GetProperty("SecretID").GetString()));
        Assert.Equal("<hidden>", (await A.OkAsync(HttpMethod.Get, "/v1/acl/token/" + accessor, secret, ct: Ct)).GetProperty("SecretID").GetString());
        Assert.Equal(secret, (await A.OkAsync(HttpMethod.Get, "/v1/acl/token/self", secret, ct: Ct)).GetProperty("SecretID").GetString());

        var (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/policy", secret, "{\"Name\":\"x\"}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'acl:write'", body);
    }

    [Fact]
    public async Task Policies_for_other_datacenters_grant_nothing_here()
    {
        var elsewhere = await A.OkAsync(HttpMethod.Put, "/v1/acl/policy", body: JsonSerializer.Serialize(new { Name = Unique("dc2"), Rules = "acl = \"read\"", Datacenters = new[] { "dc2" } }), ct: Ct);
        Assert.Equal(["dc2"], elsewhere.GetProperty("Datacenters").EnumerateArray().Select(d => d.GetString()));
        var here = await A.OkAsync(HttpMethod.Put, "/v1/acl/policy", body: JsonSerializer.Serialize(new { Name = Unique("dc1"), Rules = "acl = \"read\"", Datacenters = new[] { "dc1" } }), ct: Ct);
        var t1 = await CreateTokenAsync(new { Policies = new[] { new { ID = elsewhere.GetProperty("ID").GetString() } } });
        var t2 = await CreateTokenAsync(new { Policies = new[] { new { ID = here.GetProperty("ID").GetString() } } });
        Assert.Equal(HttpStatusCode.Forbidden, (await A.SendAsync(HttpMethod.Get, "/v1/acl/policies", t1.GetProperty("SecretID").GetString(), ct: Ct)).Status);
        Assert.Equal(HttpStatusCode.OK, (await A.SendAsync(HttpMethod.Get, "/v1/acl/policies", t2.GetProperty("SecretID").GetString(), ct: Ct)).Status);
    }

    [Fact]
    public async Task Service_and_node_identities_grant_consuls_synthetic_policies()
    {
        var token = await CreateTokenAsync(new
        {
            ServiceIdentities = new object[] { new { ServiceName = "web" }, new { ServiceName = "api", Datacenters = new[] { "dc9" } } },
            NodeIdentities = new[] { new { NodeName = "n1", Datacenter = "dc1" } },
        });
        var services = token.GetProperty("ServiceIdentities").EnumerateArray().ToArray();
        Assert.Equal("web", services[0].GetProperty("ServiceName").GetString());
        Assert.False(services[0].TryGetProperty("Datacenters", out _));
        Assert.Equal("dc9", services[1].GetProperty("Datacenters")[0].GetString());
        Assert.Equal("dc1", Assert.Single(token.GetProperty("NodeIdentities").EnumerateArray()).GetProperty("Datacenter").GetString());
        Assert.Equal(
            ["AccessorID", "SecretID", "Description", "ServiceIdentities", "NodeIdentities", "Local", "CreateTime", "Hash", "CreateIndex", "ModifyIndex"],
            token.EnumerateObject().Select(p => p.Name));

        var resolver = A.Agent.Host.Services.GetRequiredService<ConsulSharp.Http.Acl.AclResolver>();
        var authz = (await resolver.ResolveAsync(token.GetProperty("SecretID").GetString()!, Ct)).Authorizer;
        Assert.True(authz.ServiceWrite("web"));
        Assert.True(authz.ServiceWrite("web-sidecar-proxy"));
        Assert.False(authz.ServiceWrite("api")); // its identity is for dc9 only
        Assert.True(authz.ServiceRead("db"));
        Assert.True(authz.NodeRead("other"));
        Assert.True(authz.NodeWrite("n1"));
        Assert.False(authz.NodeWrite("other"));
        Assert.False(authz.KeyRead("k"));

        var listed = await A.OkAsync(HttpMethod.Get, "/v1/acl/tokens?servicename=web", ct: Ct);
        Assert.Equal(token.GetProperty("AccessorID").GetString(), Assert.Single(listed.EnumerateArray()).GetProperty("AccessorID").GetString());

        var role = await A.OkAsync(HttpMethod.Put, "/v1/acl/role", body: JsonSerializer.Serialize(new { Name = Unique("svc"), ServiceIdentities = new[] { new { ServiceName = "cache" } } }), ct: Ct);
        var viaRole = await CreateTokenAsync(new { Roles = new[] { new { ID = role.GetProperty("ID").GetString() } } });
        Assert.True((await resolver.ResolveAsync(viaRole.GetProperty("SecretID").GetString()!, Ct)).Authorizer.ServiceWrite("cache"));

        var (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/token", M, "{\"ServiceIdentities\":[{\"ServiceName\":\"Bad Name\"}]}", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Service identity \"Bad Name\" has an invalid name. Only alphanumeric characters, '-' and '_' are allowed", body);
        (_, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/token", M, "{\"NodeIdentities\":[{\"NodeName\":\"n1\"}]}", Ct);
        Assert.Equal("Node identity is missing the datacenter field on this token", body);
    }

    [Fact]
    public async Task Expiration_ttl_sets_the_expiration_time_within_consuls_bounds()
    {
        var token = await CreateTokenAsync(new { ExpirationTTL = "10m" });
        var created = DateTimeOffset.Parse(token.GetProperty("CreateTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse(token.GetProperty("ExpirationTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(10), expires - created);
        Assert.False(token.TryGetProperty("ExpirationTTL", out _));
        var fromNanos = await CreateTokenAsync(new { ExpirationTTL = 3_600_000_000_000L });
        Assert.True(fromNanos.TryGetProperty("ExpirationTime", out _));

        var (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/token", M, "{\"ExpirationTTL\":\"10s\"}", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("ExpirationTime cannot be less than 1m0s in the future (was 10s)", body);
        (_, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/token", M, "{\"ExpirationTTL\":\"25h\"}", Ct);
        Assert.Equal("ExpirationTime cannot be more than 24h0m0s in the future (was 25h0m0s)", body);
        (_, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/token/" + token.GetProperty("AccessorID").GetString(), M, "{\"ExpirationTTL\":\"20m\"}", Ct);
        Assert.Equal($"Cannot change expiration time of {token.GetProperty("AccessorID").GetString()}", body);
    }

    [Fact]
    public async Task An_expired_token_no_longer_resolves_or_reads()
    {
        var server = A.Agent.Host.Services.GetRequiredService<ConsulSharp.Server.ConsulServer>();
        var accessor = Guid.NewGuid().ToString();
        var secret = Guid.NewGuid().ToString();
        var now = server.Time.GetUtcNow();
        await server.ApplyAsync(ConsulSharp.Server.Fsm.CommandCodec.AclTokenSet(new ConsulSharp.Server.Fsm.AclTokenSetCommand
        {
            Tokens = [new ConsulSharp.Core.Structs.AclToken { AccessorId = accessor, SecretId = secret, Policies = ["00000000-0000-0000-0000-000000000001"], CreateTime = now.AddHours(-1), ExpirationTime = now.AddSeconds(-1) }],
        }), Ct);

        var (status, body, _) = await A.SendAsync(HttpMethod.Get, "/v1/acl/policies", secret, ct: Ct);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("ACL not found", body);
        Assert.Equal(HttpStatusCode.NotFound, (await A.SendAsync(HttpMethod.Get, "/v1/acl/token/" + accessor, M, ct: Ct)).Status);
        Assert.DoesNotContain((await A.OkAsync(HttpMethod.Get, "/v1/acl/tokens", ct: Ct)).EnumerateArray(), t => t.GetProperty("AccessorID").GetString() == accessor);
        (_, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/acl/token/" + accessor, M, "{}", Ct);
        Assert.Equal($"Cannot find token \"{accessor}\"", body);

        // The leader reaps it (every 30 s; here called directly).
        var acl = A.Agent.Host.Services.GetRequiredService<ConsulSharp.Server.Endpoints.AclService>();
        Assert.True(await acl.ReapExpiredTokensAsync(Ct) >= 1);
        Assert.Null(server.State.Current.AclTokenByAccessor(accessor).Value);
    }

    [Fact]
    public async Task Policy_list_blocks_until_a_policy_changes()
    {
        var (_, _, first) = await A.SendAsync(HttpMethod.Get, "/v1/acl/policies", M, ct: Ct);
        var index = ulong.Parse(first.Headers.GetValues("X-Consul-Index").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var blocked = A.SendAsync(HttpMethod.Get, $"/v1/acl/policies?index={index}&wait=10s", M, ct: Ct);
        await Task.Delay(200, Ct);
        Assert.False(blocked.IsCompleted);
        var name = Unique("wake");
        await CreatePolicyAsync(name, "");
        var (status, body, res) = await blocked.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(name, body, StringComparison.Ordinal);
        Assert.True(ulong.Parse(res.Headers.GetValues("X-Consul-Index").Single(), System.Globalization.CultureInfo.InvariantCulture) > index);
    }

    [Fact]
    public async Task Agent_token_endpoint_refuses_unknown_kinds_and_the_anonymous_token()
    {
        var (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/agent/token/nonsense", M, "{\"Token\":\"x\"}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Token \"nonsense\" is unknown", body);

        (status, body, _) = await A.SendAsync(HttpMethod.Put, "/v1/agent/token/default", null, "{\"Token\":\"x\"}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith("Permission denied: anonymous token lacks permission 'agent:write' on \"", body, StringComparison.Ordinal);
    }
}
