using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ConsulSharp.Client;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Watch;

/// <summary><c>consul watch</c> as a process against <c>consul agent -dev</c>: Consul's validation texts, the one-shot
/// dump, handlers run on changes with the view on stdin and <c>CONSUL_INDEX</c>, new-events-only, handler failure.</summary>
public sealed class WatchCommandTests : IAsyncLifetime, IDisposable
{
    private readonly ScratchDirectory _scratch = new("consulsharp-watch-");

    private string Dir => _scratch.Path;
    private AgentProcess? _agent;
    private ConsulHttpClient? _client;
    private Dictionary<string, string> _env = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_agent, _client) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0"], "watch-dev");
        var http = await _agent.HttpReady;
        _env = new() { ["CONSUL_HTTP_ADDR"] = $"{http.Host}:{http.Port}" };
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Invalid_watches_are_refused_with_consuls_texts()
    {
        var none = await AgentProcess.RunAsync(["watch"], _env);
        Assert.Equal(1, none.ExitCode);
        Assert.StartsWith("Watch type must be specified\n\nUsage: consul watch [options] [child...]", none.Stderr, StringComparison.Ordinal);
        foreach (var (args, text) in new (string[], string)[]
        {
            (["-type=key"], "Must specify a single key to watch"),
            (["-type=keyprefix"], "Must specify a single prefix to watch"),
            (["-type=service"], "Must specify a single service to watch"),
            (["-type=checks", "-service=a", "-state=critical"], "Cannot specify service and state"),
            (["-type=bogus"], "Unsupported watch type: bogus"),
            (["-type=services", "-key=x", "-name=y"], "Invalid parameters: [key name]"),
            (["-type=service", "-service=web", "-passingonly=maybe"], "Failed to parse passingonly flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"),
        })
        {
            var r = await AgentProcess.RunAsync(["watch", .. args], _env);
            Assert.Equal(1, r.ExitCode);
            Assert.Equal(text, r.Stderr.Trim());
        }
    }

    [Fact]
    public async Task Without_a_handler_the_current_view_is_printed_once()
    {
        var missing = await AgentProcess.RunAsync(["watch", "-type=key", "-key=w/none"], _env);
        Assert.Equal(0, missing.ExitCode);
        Assert.Equal("null", missing.Stdout.Trim());

        await _client!.PutAsync("/v1/kv/w/one?flags=3", "hello"u8.ToArray(), Ct);
        var key = await AgentProcess.RunAsync(["watch", "-type=key", "-key=w/one"], _env);
        Assert.Equal(0, key.ExitCode);
        var lines = key.Stdout.Trim().Split('\n');
        Assert.Equal("{", lines[0]);
        Assert.Equal("    \"Key\": \"w/one\",", lines[1]); // Go's MarshalIndent with four spaces, the API type's field order
        Assert.Equal("    \"CreateIndex\"", lines[2][..17]);
        using var doc = JsonDocument.Parse(key.Stdout);
        Assert.Equal(["Key", "CreateIndex", "ModifyIndex", "LockIndex", "Flags", "Value", "Session"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("aGVsbG8=", doc.RootElement.GetProperty("Value").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("Flags").GetInt32());

        var services = await AgentProcess.RunAsync(["watch", "-type=services"], _env);
        using var s = JsonDocument.Parse(services.Stdout);
        Assert.True(s.RootElement.TryGetProperty("consul", out _));
    }

    [Fact]
    public async Task A_handler_runs_on_start_and_on_each_change_with_the_view_and_the_index()
    {
        var log = Path.Combine(Dir, "prefix.log");
        await using var watch = AgentProcess.Start(["watch", "-type=keyprefix", "-prefix=app/", $"printf '%s idx=%s\\n' \"$(cat)\" \"$CONSUL_INDEX\" >> {log}"], "watch-prefix", _env);
        await UntilAsync(() => Lines(log).Count == 1, "the first invocation (nothing under the prefix yet)");
        Assert.StartsWith("null idx=", Lines(log)[0], StringComparison.Ordinal);

        var put = await _client!.PutAsync("/v1/kv/app/a", "1"u8.ToArray(), Ct);
        Assert.Equal("true", put.Text);
        await UntilAsync(() => Lines(log).Count == 2, "the handler after a write under the prefix");
        var second = Lines(log)[1];
        var index = (await _client.GetAsync("/v1/kv/app/a", Ct)).Index;
        Assert.EndsWith($" idx={index}", second, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(second[..second.LastIndexOf(" idx=", StringComparison.Ordinal)]))
        {
            Assert.Equal("app/a", doc.RootElement[0].GetProperty("Key").GetString());
        }

        // A write outside the prefix does not run it; the next one inside does.
        await _client.PutAsync("/v1/kv/other", "x"u8.ToArray(), Ct);
        await _client.PutAsync("/v1/kv/app/b", "2"u8.ToArray(), Ct);
        await UntilAsync(() => Lines(log).Count == 3, "the handler after the second write under the prefix");
        await Task.Delay(500, Ct);
        Assert.Equal(3, Lines(log).Count);
        Assert.Contains("\"app/b\"", Lines(log)[2], StringComparison.Ordinal);

        watch.Interrupt();
        Assert.Equal(0, await watch.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Event_watches_see_only_new_events_and_a_failing_handler_ends_the_watch()
    {
        var log = Path.Combine(Dir, "events.log");
        await using var watch = AgentProcess.Start(["watch", "-type=event", "-name=deploy", $"cat >> {log}; echo >> {log}"], "watch-event", _env);
        await UntilAsync(() => Lines(log).Count == 1, "the first invocation");
        Assert.Equal("[]", Lines(log)[0]);
        await _client!.PutAsync("/v1/event/fire/deploy", "v1"u8.ToArray(), Ct);
        await _client.PutAsync("/v1/event/fire/other", "x"u8.ToArray(), Ct);
        await UntilAsync(() => Lines(log).Count == 2, "the handler after the first event");
        await _client.PutAsync("/v1/event/fire/deploy", "v2"u8.ToArray(), Ct);
        await UntilAsync(() => Lines(log).Count == 3, "the handler after the second event");
        using (var doc = JsonDocument.Parse(Lines(log)[2]))
        {
            var only = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal("v2", Encoding.UTF8.GetString(only.GetProperty("Payload").GetBytesFromBase64()));
        }

        watch.Interrupt();
        Assert.Equal(0, await watch.WaitForExitAsync(TimeSpan.FromSeconds(10)));

        var failing = await AgentProcess.RunAsync(["watch", "-type=nodes", "exit 3"], _env, timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("Error executing handler: exit status 3", failing.Stderr, StringComparison.Ordinal);
    }

    private static List<string> Lines(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Length > 0)] : [];

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"timed out waiting for {what}");
            await Task.Delay(50, Ct);
        }
    }
}
