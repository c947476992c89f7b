using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.AclEnforcement;

/// <summary>Through a client agent: non-agent requests are checked by the server that answers them (texts and the
/// filtered header come back whole); <c>/v1/agent/*</c> is checked on the client with its own node name.</summary>
public sealed class ClientAgentEnforcementTests
{
    private const string M = "3c7e9a1b-2d4f-4b6a-8e0c-1f5d7b9a3e62";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ForwardedRequestsAreCheckedOnTheServerAndAgentRequestsOnTheClient()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            Servers = 1,
            Clients = 1,
            NamePrefix = "aclfw-",
            Configure = c => c with
            {
                Acl = c.Acl with
                {
                    Enabled = true,
                    DefaultPolicy = "deny",
                    Tokens = c.Acl.Tokens with { InitialManagement = c.ServerMode ? M : null },
                },
            },
        }, Ct);
        var server = cluster.Servers[0];
        var client = cluster.Clients[0];
        var clientNode = client.Config.NodeName;
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            cts.CancelAfter(TimeSpan.FromSeconds(30));
            while ((await SendAsync(client, HttpMethod.Get, "/v1/acl/token/self", M)).Status != HttpStatusCode.OK)
            {
                await Task.Delay(50, cts.Token);
            }
        }

        var rules = $"key_prefix \"fw/\" {{ policy = \"write\" }}\nagent \"{clientNode}\" {{ policy = \"read\" }}\nnode \"{clientNode}\" {{ policy = \"read\" }}";
        var (secret, accessor) = await TokenAsync(client, rules);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Put, "/v1/kv/fw/a", secret, "v")).Status);
        var denied = await SendAsync(client, HttpMethod.Put, "/v1/kv/other", secret, "v");
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal($"Permission denied: token with AccessorID '{accessor}' lacks permission 'key:write' on \"other\"", denied.Body.Trim());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/v1/agent/self", secret)).Status);
        var serverSelf = await SendAsync(server, HttpMethod.Get, "/v1/agent/self", secret);
        Assert.Equal(HttpStatusCode.Forbidden, serverSelf.Status);
        Assert.Contains($"lacks permission 'agent:read' on \"{server.Config.NodeName}\"", serverSelf.Body, StringComparison.Ordinal);

        // The catalog read is filtered on the server; the header travels back through the client.
        using var cts2 = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts2.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var nodes = await SendAsync(client, HttpMethod.Get, "/v1/catalog/nodes", secret);
            var names = JsonDocument.Parse(nodes.Body).RootElement.EnumerateArray().Select(n => n.GetProperty("Node").GetString()).ToList();
            if (names.Count == 1)
            {
                Assert.Equal([clientNode], names);
                Assert.True(nodes.Filtered);
                break;
            }

            await Task.Delay(100, cts2.Token);
        }
    }

    private static async Task<(string Secret, string Accessor)> TokenAsync(TestAgent agent, string rules)
    {
        var policy = await SendAsync(agent, HttpMethod.Put, "/v1/acl/policy", M, JsonSerializer.Serialize(new Dictionary<string, string> { ["Name"] = "fw-" + Guid.NewGuid().ToString("N"), ["Rules"] = rules }));
        Assert.True(policy.Status == HttpStatusCode.OK, policy.Body);
        var id = JsonDocument.Parse(policy.Body).RootElement.GetProperty("ID").GetString();
        var token = await SendAsync(agent, HttpMethod.Put, "/v1/acl/token", M, "{\"Policies\":[{\"ID\":\"" + id + "\"}]}");
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        var root = JsonDocument.Parse(token.Body).RootElement;
        return (root.GetProperty("SecretID").GetString()!, root.GetProperty("AccessorID").GetString()!);
    }

    private static async Task<(HttpStatusCode Status, string Body, bool Filtered)> SendAsync(TestAgent agent, HttpMethod method, string path, string? token, string? body = null)
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
        var filtered = res.Headers.TryGetValues("X-Consul-Results-Filtered-By-ACLs", out var v) && v.FirstOrDefault() == "true";
        return (res.StatusCode, await res.Content.ReadAsStringAsync(Ct), filtered);
    }
}
