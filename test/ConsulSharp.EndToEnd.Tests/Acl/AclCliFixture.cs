using System.Net;
using ConsulSharp.Agent.Config;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Acl;

/// <summary>An in-process agent with ACLs on (default deny, a known initial management token) that the built
/// <c>consul</c> binary's <c>acl</c> commands talk to.</summary>
public sealed class AclCliFixture : IAsyncLifetime
{
    public const string Management = "5b1f7c2e-0d3a-4e6b-9c8d-7a2f1e0b3c49";

    public TestAgent Agent { get; private set; } = null!;

    public string Addr => Agent.HttpAddress.ToString();

    public async ValueTask InitializeAsync()
    {
        Agent = await TestAgent.StartAsync(TestAgentOptions.Dev with
        {
            NodeName = "acl-cli",
            Configure = c => c with { Acl = new AclConfig { Enabled = true, DefaultPolicy = "deny", Tokens = new AclTokens { InitialManagement = Management } } },
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, "/v1/acl/token/self");
            req.Headers.Add("X-Consul-Token", Management);
            using var res = await Agent.Http.SendAsync(req, cts.Token);
            if (res.StatusCode == HttpStatusCode.OK)
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

    /// <summary>Runs <c>consul acl ... -http-addr=... -token=&lt;management&gt; rest</c> (the flags go right after the
    /// command words).</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsTokenAsync(Management, null, args);

    public Task<CliResult> RunAsTokenAsync(string? token, string? stdin, params string[] args)
    {
        var words = args[1] is "bootstrap" or "set-agent-token" ? 2 : 3;
        var flags = new List<string> { "-http-addr=" + Addr };
        if (token is not null)
        {
            flags.Add("-token=" + token);
        }

        return AgentProcess.RunAsync(args.Take(words).Concat(flags).Concat(args.Skip(words)).ToArray(), stdin: stdin);
    }
}
