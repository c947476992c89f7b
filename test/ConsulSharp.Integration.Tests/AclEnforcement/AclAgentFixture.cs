using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Agent.Config;
using ConsulSharp.Http.Routing;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.AclEnforcement;

/// <summary>
/// One in-process agent with <c>acl { enabled = true default_policy = "deny" tokens { initial_management = ... } }</c>,
/// shared by an enforcement test class; <see cref="TokenAsync"/> makes a token with the given rules.
/// </summary>
public sealed class AclAgentFixture : IAsyncLifetime
{
    public const string Management = "9f0c1a5e-8c7b-4c38-9a55-3b8f7e2d1c40";

    public const string NodeName = "acl-node";

    public TestAgent Agent { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Agent = await TestAgent.StartAsync(TestAgentOptions.Dev with
        {
            NodeName = NodeName,
            Configure = c => c with { Acl = new AclConfig { Enabled = true, DefaultPolicy = "deny", Tokens = new AclTokens { InitialManagement = Management } } },
        });

        // Ready when the leader is elected and this node is in the catalog (sessions need its serfHealth check).
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var res = await SendAsync(HttpMethod.Put, "/v1/session/create", Management, "{}", cts.Token);
            if (res.Status == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Agent.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // The in-memory Raft transport is disposed twice on shutdown; harmless here.
        }
    }

    /// <summary>A token holding <paramref name="rules"/> (HCL), made through <c>/v1/acl/policy</c> and
    /// <c>/v1/acl/token</c> with the management token; returns its secret and accessor ID.</summary>
    public async Task<(string Secret, string Accessor)> TokenAsync(string rules)
    {
        var policy = await PutAsync("/v1/acl/policy", Management, JsonSerializer.Serialize(new Dictionary<string, string> { ["Name"] = "p-" + Guid.NewGuid().ToString("N"), ["Rules"] = rules }));
        Assert.True(policy.Status == HttpStatusCode.OK, policy.Body);
        var policyId = JsonDocument.Parse(policy.Body).RootElement.GetProperty("ID").GetString();
        var token = await PutAsync("/v1/acl/token", Management, "{\"Policies\":[{\"ID\":\"" + policyId + "\"}]}");
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        var root = JsonDocument.Parse(token.Body).RootElement;
        return (root.GetProperty("SecretID").GetString()!, root.GetProperty("AccessorID").GetString()!);
    }

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? token, string? body = null, CancellationToken ct = default)
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

        using var res = await Agent.Http.SendAsync(req, ct == default ? TestContext.Current.CancellationToken : ct);
        var filtered = res.Headers.TryGetValues("X-Consul-Results-Filtered-By-ACLs", out var v) && v.FirstOrDefault() == "true";
        return new Answer(res.StatusCode, await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), filtered);
    }

    public Task<Answer> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public Task<Answer> PutAsync(string path, string? token, string? body = null) => SendAsync(HttpMethod.Put, path, token, body);

    /// <summary>Consul 1.22's denial text for a named resource.</summary>
    public static string Denied(string accessor, string permission, string? resource) =>
        AclAuthorization.DeniedText(accessor, isAnonymous: false, permission, resource);

    public sealed record Answer(HttpStatusCode Status, string Body, bool Filtered);
}
