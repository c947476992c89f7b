using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Acl;

/// <summary>A client agent resolves tokens through the servers (cached for <c>acl.token_ttl</c>) and applies
/// <c>acl.down_policy</c> when no server answers.</summary>
public sealed class AclClientAgentTests
{
    private const string M = AclAgent.Management;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(TestAgent agent, HttpMethod method, string path, string? token, string? body = null)
    {
        using var req = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            req.Headers.Add("X-Consul-Token", token);
        }

        if (body is not null)
        {
            req.Content = new StringContent(body, Encoding.UTF8);
        }

        using var res = await agent.Http.SendAsync(req, Ct);
        return (res.StatusCode, await res.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Client_agent_resolves_through_the_server_and_extends_its_cache_when_the_server_is_gone()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            Servers = 1,
            Clients = 1,
            NamePrefix = "acl-",
            Configure = c => c with
            {
                Acl = c.Acl with
                {
                    Enabled = true,
                    DefaultPolicy = "deny",
                    DownPolicy = "extend-cache",
                    TokenTtl = TimeSpan.FromMilliseconds(1),
                    Tokens = c.Acl.Tokens with { InitialManagement = c.ServerMode ? M : null },
                },
            },
        }, Ct);
        var server = cluster.Servers[0];
        var client = cluster.Clients[0];

        // Wait for the leader's ACL init, then make a token with agent:write on the client's node only.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        while ((await SendAsync(server, HttpMethod.Get, "/v1/acl/token/00000000-0000-0000-0000-000000000002", M)).Status != HttpStatusCode.OK)
        {
            await Task.Delay(50, cts.Token);
        }

        var rules = $"agent \\\"{client.Config.NodeName}\\\" {{ policy = \\\"write\\\" }}";
        var (ps, pbody) = await SendAsync(client, HttpMethod.Put, "/v1/acl/policy", M, $"{{\"Name\":\"client-agent\",\"Rules\":\"{rules}\"}}");
        Assert.True(ps == HttpStatusCode.OK, pbody);
        var policyId = JsonDocument.Parse(pbody).RootElement.GetProperty("ID").GetString();
        var (ts, tbody) = await SendAsync(client, HttpMethod.Put, "/v1/acl/token", M, $"{{\"Policies\":[{{\"ID\":\"{policyId}\"}}]}}");
        Assert.True(ts == HttpStatusCode.OK, tbody);
        var secret = JsonDocument.Parse(tbody).RootElement.GetProperty("SecretID").GetString()!;

        // /v1/agent/* runs on the client itself: its resolver asks the server.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Put, "/v1/agent/token/agent", secret, "{\"Token\":\"x\"}")).Status);
        var (s1, b1) = await SendAsync(client, HttpMethod.Put, "/v1/agent/token/agent", null, "{\"Token\":\"x\"}");
        Assert.Equal(HttpStatusCode.Forbidden, s1);
        Assert.Equal($"Permission denied: anonymous token lacks permission 'agent:write' on \"{client.Config.NodeName}\". The anonymous token is used implicitly when a request does not specify a token.", b1);
        var (s2, b2) = await SendAsync(client, HttpMethod.Put, "/v1/agent/token/agent", Guid.NewGuid().ToString(), "{\"Token\":\"x\"}");
        Assert.Equal(HttpStatusCode.Forbidden, s2);
        Assert.Equal("ACL not found", b2);

        // Server gone: extend-cache keeps the cached answer; a token never seen is denied.
        await cluster.StopAsync(server);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Put, "/v1/agent/token/agent", secret, "{\"Token\":\"y\"}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Put, "/v1/agent/token/agent", M, "{\"Token\":\"y\"}")).Status);
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("deny")]
    public async Task Down_policy_allow_or_deny_decides_when_no_server_answers(string downPolicy)
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            Servers = 1,
            Clients = 1,
            NamePrefix = "acl-" + downPolicy + "-",
            Configure = c => c with
            {
                Acl = c.Acl with
                {
                    Enabled = true,
                    DefaultPolicy = "deny",
                    DownPolicy = downPolicy,
                    TokenTtl = TimeSpan.FromMilliseconds(1),
                    Tokens = c.Acl.Tokens with { InitialManagement = c.ServerMode ? M : null },
                },
            },
        }, Ct);
        var client = cluster.Clients[0];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        while ((await SendAsync(client, HttpMethod.Put, "/v1/agent/token/agent", M, "{\"Token\":\"x\"}")).Status != HttpStatusCode.OK)
        {
            await Task.Delay(50, cts.Token);
        }

        await cluster.StopAsync(cluster.Servers[0]);
        var expected = downPolicy == "allow" ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
        Assert.Equal(expected, (await SendAsync(client, HttpMethod.Put, "/v1/agent/token/agent", M, "{\"Token\":\"y\"}")).Status);
        Assert.Equal(expected, (await SendAsync(client, HttpMethod.Put, "/v1/agent/token/agent", Guid.NewGuid().ToString(), "{\"Token\":\"y\"}")).Status);
    }
}
