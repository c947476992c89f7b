using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Agent.Config;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Acl;

/// <summary>A dev agent with ACLs configured, and raw HTTP helpers that send a token.</summary>
public sealed class AclAgent : IAsyncDisposable
{
    public const string Management = "11111111-2222-3333-4444-555555555555";

    private AclAgent(TestAgent agent) => Agent = agent;

    public TestAgent Agent { get; }

    public static async Task<AclAgent> StartAsync(Func<AclConfig, AclConfig> acl, CancellationToken ct)
    {
        var agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { Configure = c => c with { Acl = acl(c.Acl) } }, ct);
        return new AclAgent(agent);
    }

    /// <summary>ACLs on, default deny, <see cref="Management"/> as initial management; waits for the leader's ACL init.</summary>
    public static async Task<AclAgent> StartManagedAsync(CancellationToken ct, Func<AclConfig, AclConfig>? more = null)
    {
        var a = await StartAsync(c => (more ?? (x => x))(c with { Enabled = true, DefaultPolicy = "deny", Tokens = c.Tokens with { InitialManagement = Management } }), ct);
        await a.WaitForAsync(async () => (await a.SendAsync(HttpMethod.Get, "/v1/acl/token/00000000-0000-0000-0000-000000000002", Management, ct: ct)).Status == HttpStatusCode.OK, ct);
        return a;
    }

    public async Task WaitForAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? token = null, string? body = null, CancellationToken ct = default)
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

        var res = await Agent.Http.SendAsync(req, ct);
        return (res.StatusCode, await res.Content.ReadAsStringAsync(ct), res);
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string path, string? token = Management, string? body = null, CancellationToken ct = default)
    {
        var (status, text, _) = await SendAsync(method, path, token, body, ct);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Agent.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // The in-memory Raft transport is disposed twice on shutdown (Raft node, then server); harmless here.
        }
    }
}
