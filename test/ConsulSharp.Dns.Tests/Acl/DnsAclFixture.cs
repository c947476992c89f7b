using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Agent.Config;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Testing;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;

namespace ConsulSharp.Dns.Tests.Acl;

/// <summary>
/// A dev agent with DNS and <c>acl { enabled = true default_policy = "deny" tokens { initial_management = ... } }</c>;
/// the catalog holds <c>web</c> on node <c>acl-n1</c> (10.9.0.1, passing) and <c>db</c> on <c>acl-n2</c> (10.9.0.2).
/// </summary>
public sealed class DnsAclFixture : IAsyncLifetime
{
    public const string Management = "6d1f4c8e-2b3a-4e5f-9a7b-0c1d2e3f4a5b";

    public TestAgent Agent { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Agent = await StartAsync("deny");
        var server = Agent.Host.Services.GetRequiredService<ConsulServer>();
        await RegisterAsync(server, "acl-n1", "10.9.0.1", "web", 8080);
        await RegisterAsync(server, "acl-n2", "10.9.0.2", "db", 5432);
    }

    /// <summary>An agent with DNS and ACLs enabled with <paramref name="defaultPolicy"/>, ready (ACLs initialised).</summary>
    public static async Task<TestAgent> StartAsync(string defaultPolicy)
    {
        var agent = await TestAgent.StartAsync(TestAgentOptions.Dev with
        {
            WithDns = true,
            NodeName = "dns-acl-agent",
            Configure = c => c with { Acl = new AclConfig { Enabled = true, DefaultPolicy = defaultPolicy, Tokens = new AclTokens { InitialManagement = Management } } },
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await SendAsync(agent, HttpMethod.Get, "/v1/acl/token/00000000-0000-0000-0000-000000000002", null, cts.Token)).Status != HttpStatusCode.OK)
        {
            await Task.Delay(50, cts.Token);
        }

        return agent;
    }

    public static async Task RegisterAsync(ConsulServer server, string node, string address, string service, int port) =>
        await server.ApplyAsync(
            CommandCodec.Register(new CatalogRegistration
            {
                Node = new Node { Name = node, Address = address, Datacenter = "dc1" },
                Service = new ServiceInstance { Node = node, Id = service + "1", Name = service, Port = port },
                Checks = [new HealthCheck { Node = node, CheckId = "service:" + service + "1", Name = "svc", Status = HealthStatus.Passing, ServiceId = service + "1", ServiceName = service }],
            }),
            CancellationToken.None);

    /// <summary>A token holding <paramref name="rules"/> (HCL); returns its secret.</summary>
    public async Task<string> TokenAsync(string rules)
    {
        var policy = await SendAsync(Agent, HttpMethod.Put, "/v1/acl/policy", JsonSerializer.Serialize(new Dictionary<string, string> { ["Name"] = "p-" + Guid.NewGuid().ToString("N"), ["Rules"] = rules }));
        Assert.True(policy.Status == HttpStatusCode.OK, policy.Body);
        var id = JsonDocument.Parse(policy.Body).RootElement.GetProperty("ID").GetString();
        var token = await SendAsync(Agent, HttpMethod.Put, "/v1/acl/token", "{\"Policies\":[{\"ID\":\"" + id + "\"}]}");
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        return JsonDocument.Parse(token.Body).RootElement.GetProperty("SecretID").GetString()!;
    }

    /// <summary><c>PUT /v1/agent/token/dns</c> (empty: unset).</summary>
    public async Task SetDnsTokenAsync(string token)
    {
        var res = await SendAsync(Agent, HttpMethod.Put, "/v1/agent/token/dns", "{\"Token\":\"" + token + "\"}");
        Assert.True(res.Status == HttpStatusCode.OK, res.Body);
    }

    /// <summary>Creates a prepared query (management token); returns its ID.</summary>
    public async Task<string> QueryAsync(string json)
    {
        var res = await SendAsync(Agent, HttpMethod.Post, "/v1/query", json);
        Assert.True(res.Status == HttpStatusCode.OK, res.Body);
        return JsonDocument.Parse(res.Body).RootElement.GetProperty("ID").GetString()!;
    }

    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(TestAgent agent, HttpMethod method, string path, string? body, CancellationToken ct = default)
    {
        using var req = new HttpRequestMessage(method, path);
        req.Headers.Add("X-Consul-Token", Management);
        if (body is not null)
        {
            req.Content = new StringContent(body, Encoding.UTF8);
        }

        using var res = await agent.Http.SendAsync(req, ct == default ? TestContext.Current.CancellationToken : ct);
        return (res.StatusCode, await res.Content.ReadAsStringAsync(CancellationToken.None));
    }

    public static LookupClient Client(IPEndPoint endpoint) =>
        new(new LookupClientOptions(endpoint)
        {
            UseCache = false,
            Retries = 0,
            Timeout = TimeSpan.FromSeconds(8),
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Agent.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // Known issue outside DNS: in -dev mode RaftNode and ConsulServer both dispose the in-memory transport.
        }
    }
}
