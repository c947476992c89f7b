using System.Diagnostics;
using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Watch;

/// <summary>The agent's <c>watches</c> from config files: a script handler (<c>args</c>) and an HTTP handler run on
/// changes, a reload adds watches, and an invalid watch stops the agent from starting with Consul's text.</summary>
public sealed class AgentWatchesTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("consulsharp-watches-");

    private string Dir => _scratch.Path;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Config_watches_run_script_and_http_handlers_and_reload_adds_watches()
    {
        var config = Path.Combine(Dir, "config");
        Directory.CreateDirectory(config);
        var keyLog = Path.Combine(Dir, "key.log");
        await File.WriteAllTextAsync(Path.Combine(config, "watches.hcl"), $$"""
            watches = [
              { type = "key", key = "cfg/a", args = ["/bin/sh", "-c", "printf '%s idx=%s\\n' \"$(cat)\" \"$CONSUL_INDEX\" >> {{keyLog}}"] },
            ]
            """, Ct);
        var (agent, client) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0", "-config-dir", config], "watches");
        await using var a = agent;
        using var c = client;
        await UntilAsync(() => Lines(keyLog).Count == 1, "the first run of the key watch");
        Assert.StartsWith("null idx=", Lines(keyLog)[0], StringComparison.Ordinal);
        await client.PutAsync("/v1/kv/cfg/a", "one"u8.ToArray(), Ct);
        await UntilAsync(() => Lines(keyLog).Count == 2, "the key watch after a write");
        Assert.Contains("\"Value\":\"b25l\"", Lines(keyLog)[1], StringComparison.Ordinal);

        // Reload adds an HTTP-handler watch that PUTs the view into this agent's own KV store.
        var http = await agent.HttpReady;
        await File.WriteAllTextAsync(Path.Combine(config, "http.json"), $$$"""
            {"watches": [{"type": "keyprefix", "prefix": "app/", "handler_type": "http",
              "http_handler_config": {"path": "http://{{{http.Host}}}:{{{http.Port}}}/v1/kv/sink", "method": "PUT", "timeout": "5s"}}]}
            """, Ct);
        Assert.Equal(200, (await client.PutAsync("/v1/agent/reload", null, Ct)).StatusCode);
        await client.PutAsync("/v1/kv/app/x", "42"u8.ToArray(), Ct);
        await UntilAsync(async () => (await client.SendRawAsync(HttpMethod.Get, "/v1/kv/sink?raw", null, Ct)).Text.Contains("\"app/x\"", StringComparison.Ordinal), "the HTTP handler's PUT of the prefix view");
        using (var doc = JsonDocument.Parse((await client.GetAsync("/v1/kv/sink?raw", Ct)).Body))
        {
            Assert.Equal("app/x", doc.RootElement[0].GetProperty("Key").GetString());
        }

        // The key watch keeps running after the reload (restarted: it runs once more with the current value).
        await client.PutAsync("/v1/kv/cfg/a", "two"u8.ToArray(), Ct);
        await UntilAsync(() => Lines(keyLog).Any(l => l.Contains("\"Value\":\"dHdv\"", StringComparison.Ordinal)), "the key watch after the reload");

        // A reload with an invalid watch fails and keeps the running ones.
        await File.WriteAllTextAsync(Path.Combine(config, "bad.json"), """{"watches": [{"type": "key"}]}""", Ct);
        var bad = await client.SendRawAsync(HttpMethod.Put, "/v1/agent/reload", null, Ct);
        Assert.Equal(500, bad.StatusCode);
        Assert.Contains("Failed to parse watch (map[type:key]): Must specify a single key to watch", bad.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_watch_stops_the_agent_from_starting()
    {
        var config = Path.Combine(Dir, "bad");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "w.json"), """{"watches": [{"type": "service", "args": ["true"]}]}""", Ct);
        var r = await AgentProcess.RunAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0", "-config-dir", config], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Failed to parse watch (map[args:[true] type:service]): Must specify a single service to watch", r.Stdout + r.Stderr, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(config, "w.json"), """{"watches": [{"type": "nodes"}]}""", Ct);
        var noHandler = await AgentProcess.RunAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0", "-config-dir", config], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(1, noHandler.ExitCode);
        Assert.Contains("Must define a watch handler", noHandler.Stdout + noHandler.Stderr, StringComparison.Ordinal);
    }

    private static List<string> Lines(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Length > 0)] : [];

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"timed out waiting for {what}");
            await Task.Delay(50, Ct);
        }
    }
}
