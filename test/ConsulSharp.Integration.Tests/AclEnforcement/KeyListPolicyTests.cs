using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Agent.Config;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.AclEnforcement;

/// <summary><c>acl.enable_key_list_policy</c>: recurse and keys reads need key:list on the prefix (own agent).</summary>
public sealed class KeyListPolicyTests
{
    private const string Management = "0d6a2b7c-51f4-4e0a-8a3b-6c2e9f1d7b58";

    [Fact]
    public async Task RecurseNeedsKeyListWhenTheOptionIsOn()
    {
        var agent = await TestAgent.StartAsync(TestAgentOptions.Dev with
        {
            NodeName = "acl-keylist",
            Configure = c => c with { Acl = new AclConfig { Enabled = true, DefaultPolicy = "deny", EnableKeyListPolicy = true, Tokens = new AclTokens { InitialManagement = Management } } },
        });
        try
        {
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((await SendAsync(agent, HttpMethod.Put, "/v1/kv/kl/a", Management, "x")).Status != HttpStatusCode.OK)
            {
                await Task.Delay(100, ready.Token);
            }

            var readOnly = await TokenAsync(agent, "key_prefix \"kl/\" { policy = \"read\" }");
            var denied = await SendAsync(agent, HttpMethod.Get, "/v1/kv/kl/?recurse", readOnly.Secret, null);
            Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
            Assert.Equal($"Permission denied: token with AccessorID '{readOnly.Accessor}' lacks permission 'key:list' on \"kl/\"", denied.Body.Trim());
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(agent, HttpMethod.Get, "/v1/kv/kl/a", readOnly.Secret, null)).Status);

            var lister = await TokenAsync(agent, "key_prefix \"kl/\" { policy = \"list\" }");
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(agent, HttpMethod.Get, "/v1/kv/kl/?keys", lister.Secret, null)).Status);
        }
        finally
        {
            try
            {
                await agent.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
                // The in-memory Raft transport is disposed twice on shutdown; harmless here.
            }
        }
    }

    private static async Task<(string Secret, string Accessor)> TokenAsync(TestAgent agent, string rules)
    {
        var policy = await SendAsync(agent, HttpMethod.Put, "/v1/acl/policy", Management, JsonSerializer.Serialize(new Dictionary<string, string> { ["Name"] = "kl-" + Guid.NewGuid().ToString("N"), ["Rules"] = rules }));
        var id = JsonDocument.Parse(policy.Body).RootElement.GetProperty("ID").GetString();
        var token = await SendAsync(agent, HttpMethod.Put, "/v1/acl/token", Management, "{\"Policies\":[{\"ID\":\"" + id + "\"}]}");
        var root = JsonDocument.Parse(token.Body).RootElement;
        return (root.GetProperty("SecretID").GetString()!, root.GetProperty("AccessorID").GetString()!);
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(TestAgent agent, HttpMethod method, string path, string token, string? body)
    {
        using var req = new HttpRequestMessage(method, path);
        req.Headers.Add("X-Consul-Token", token);
        if (body is not null)
        {
            req.Content = new StringContent(body, Encoding.UTF8);
        }

        using var res = await agent.Http.SendAsync(req, TestContext.Current.CancellationToken);
        return (res.StatusCode, await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
