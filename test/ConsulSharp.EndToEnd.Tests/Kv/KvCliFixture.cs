using System.Net;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Kv;

/// <summary>An in-process agent (leader elected, node registered) that the built <c>consul</c> binary talks to.</summary>
public sealed class KvCliFixture : IAsyncLifetime
{
    public TestAgent Agent { get; private set; } = null!;

    public string Addr => Agent.HttpAddress.ToString();

    public async ValueTask InitializeAsync()
    {
        Agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "kv-cli" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            using var res = await Agent.Http.PutAsync(new Uri("/v1/session/create", UriKind.Relative), new StringContent("{}"), cts.Token);
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

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs <c>consul &lt;command&gt; -http-addr=... &lt;rest&gt;</c> (the flag goes right after the command words).</summary>
    public Task<CliResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        var words = args[0] == "lock" ? 1 : 2;
        var full = args.Take(words).Append("-http-addr=" + Addr).Concat(args.Skip(words)).ToArray();
        return AgentProcess.RunAsync(full, stdin: stdin);
    }
}
