using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary>
/// <c>consul exec [options] [-|command...]</c>: Consul's remote execution. Creates a session, writes the job to
/// <c>&lt;prefix&gt;/&lt;session&gt;/job</c>, fires the <c>_rexec</c> event (with <c>-node/-service/-tag</c> filters),
/// then follows the acks, output and exit codes the agents write until <c>-wait</c> passes with nothing new
/// (twice that while acknowledged nodes are still running), and cleans up. Agents run jobs only with
/// <c>disable_remote_exec = false</c>. Exit 0, or 2 when a node failed or did not finish.
/// </summary>
public sealed class ExecCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _node;
    private readonly Core.Flags.FlagValue<string?> _service;
    private readonly Core.Flags.FlagValue<string?> _tag;
    private readonly Core.Flags.FlagValue<string?> _prefix;
    private readonly Core.Flags.FlagValue<bool> _shell;
    private readonly Core.Flags.FlagValue<TimeSpan> _wait;
    private readonly Core.Flags.FlagValue<TimeSpan> _replWait;
    private readonly Core.Flags.FlagValue<bool> _verbose;

    public ExecCommand()
        : base("exec", serverFlags: true)
    {
        _node = Flags.String("node", null, "Regular expression to filter on node names.");
        _service = Flags.String("service", null, "Regular expression to filter on service instances.");
        _tag = Flags.String("tag", null, "Regular expression to filter on service tags. Must be used with -service.");
        _prefix = Flags.String("prefix", "_rexec", "Prefix in the KV store to use for request data.");
        _shell = Flags.Bool("shell", true, "Use a shell to run the command.");
        _wait = Flags.Duration("wait", TimeSpan.FromSeconds(2), "Period to wait with no responses before terminating execution.");
        _replWait = Flags.Duration("wait-repl", TimeSpan.FromMilliseconds(200), "Period to wait for replication before firing event. This is an optimization to allow stale reads to be performed.");
        _verbose = Flags.Bool("verbose", false, "Enables verbose output.");
    }

    public override string Synopsis => "Executes a command on Consul nodes";

    protected override string UsageText => "Usage: consul exec [options] [-|command...]\n\n  Evaluates a command on remote Consul nodes. The nodes responding can\n  be filtered using regular expressions on node name, service, and tag\n  definitions. If a command is '-', stdin will be read until EOF\n  and used as a script input.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var command = string.Join(' ', args);
        byte[]? script = null;
        string[]? argv = null;
        if (command == "-")
        {
            if (!_shell.Value)
            {
                await context.Err.WriteLineAsync("Cannot configure -shell=false when reading from stdin").ConfigureAwait(false);
                return 1;
            }

            command = "";
            script = Encoding.UTF8.GetBytes(await context.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
        }
        else if (!_shell.Value)
        {
            command = "";
            argv = [.. args];
        }

        if (command.Length == 0 && (script is null || script.Length == 0) && (argv is null || argv.Length == 0))
        {
            await context.Err.WriteLineAsync("Must specify a command to execute").ConfigureAwait(false);
            await context.Err.WriteLineAsync("").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        if (EventFilters.Validate(_node.Value, _service.Value, _tag.Value) is { } invalid)
        {
            await context.Err.WriteLineAsync(invalid).ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        if (!await AgentReachableAsync(client, context, cancellationToken).ConfigureAwait(false))
        {
            return 1;
        }

        var spec = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["Command"] = command,
            ["Args"] = argv,
            ["Script"] = script is null ? null : Convert.ToBase64String(script),
            ["Wait"] = _wait.Value.Ticks * 100,
        }, ExecJsonContext.Default.DictionaryStringObject);

        string session;
        try
        {
            var created = await client.PutAsync("/v1/session/create", """{"Name":"Remote Exec","Behavior":"delete","TTL":"15s"}"""u8.ToArray(), cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(created.Body);
            session = doc.RootElement.GetProperty("ID").GetString()!;
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Failed to create session: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var prefix = _prefix.Value ?? "_rexec";
        var dir = $"{prefix}/{session}";
        try
        {
            await VerboseAsync(context, $"Created remote execution session: {session}").ConfigureAwait(false);
            var uploaded = await client.PutAsync($"/v1/kv/{dir}/job?acquire={session}", spec, cancellationToken).ConfigureAwait(false);
            if (uploaded.Text.Trim() != "true")
            {
                await context.Err.WriteLineAsync($"Failed to create job file: failed to acquire key {dir}/job").ConfigureAwait(false);
                return 1;
            }

            await VerboseAsync(context, "Uploaded remote execution spec").ConfigureAwait(false);
            await Task.Delay(_replWait.Value, cancellationToken).ConfigureAwait(false);
            var query = new List<string>();
            foreach (var (name, value) in new[] { ("node", _node.Value), ("service", _service.Value), ("tag", _tag.Value) })
            {
                if (!string.IsNullOrEmpty(value))
                {
                    query.Add($"{name}={Uri.EscapeDataString(value)}");
                }
            }

            var payload = Encoding.UTF8.GetBytes($$"""{"Prefix":{{JsonSerializer.Serialize(prefix, ExecJsonContext.Default.String)}},"Session":"{{session}}"}""");
            var fired = await client.PutAsync("/v1/event/fire/_rexec" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), payload, cancellationToken).ConfigureAwait(false);
            using (var ev = JsonDocument.Parse(fired.Body))
            {
                await VerboseAsync(context, $"Fired remote execution event: {ev.RootElement.GetProperty("ID").GetString()}").ConfigureAwait(false);
            }

            return await WaitForJobAsync(client, dir, context, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Failed to run remote execution: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            // Invalidating the session first means no agent can write any more (its acquires fail), then the data goes.
            await IgnoreAsync(client.PutAsync($"/v1/session/destroy/{session}", null, CancellationToken.None)).ConfigureAwait(false);
            await IgnoreAsync(client.DeleteAsync($"/v1/kv/{dir}?recurse", CancellationToken.None)).ConfigureAwait(false);
        }
    }

    private async Task<int> WaitForJobAsync(ConsulHttpClient client, string dir, CliContext context, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int acks = 0, exits = 0, bad = 0;
        ulong index = 0;
        var started = TimeProvider.System.GetTimestamp();
        var quietSince = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var quiet = acks > exits ? _wait.Value * 2 : _wait.Value;
            var remaining = quiet - TimeProvider.System.GetElapsedTime(quietSince);
            if (remaining <= TimeSpan.Zero)
            {
                await context.Out.WriteLineAsync($"{exits} / {acks} node(s) completed / acknowledged").ConfigureAwait(false);
                await VerboseAsync(context, $"Completed in {TimeProvider.System.GetElapsedTime(started).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} seconds").ConfigureAwait(false);
                return bad > 0 || exits < acks ? 2 : 0;
            }

            var waitMs = Math.Max(1, (int)remaining.TotalMilliseconds);
            var res = await client.SendRawAsync(HttpMethod.Get, $"/v1/kv/{dir}/?keys&index={index.ToString(CultureInfo.InvariantCulture)}&wait={waitMs.ToString(CultureInfo.InvariantCulture)}ms", null, ct).ConfigureAwait(false);
            if (res.StatusCode is not (200 or 404))
            {
                await context.Err.WriteLineAsync($"Failed to read results: Unexpected response code: {res.StatusCode} ({res.Text.Trim()})").ConfigureAwait(false);
                return 1;
            }

            if (res.Index == index || res.StatusCode == 404)
            {
                index = res.Index;
                continue;
            }

            index = res.Index;
            using var doc = JsonDocument.Parse(res.Body);
            // Acks, then output, then exit codes: a node's output and its exit code that arrive in one answer print
            // in the order they happened (the keys sort "exit" before "out").
            var keys = doc.RootElement.EnumerateArray().Select(k => k.GetString()!)
                .OrderBy(k => k.EndsWith("/ack", StringComparison.Ordinal) ? 0 : k.EndsWith("/exit", StringComparison.Ordinal) ? 2 : 1)
                .ThenBy(k => k, StringComparer.Ordinal);
            foreach (var full in keys)
            {
                if (!seen.Add(full))
                {
                    continue;
                }

                var key = full[(dir.Length + 1)..];
                if (key == "job")
                {
                    continue;
                }

                quietSince = TimeProvider.System.GetTimestamp();
                if (key.EndsWith("/ack", StringComparison.Ordinal))
                {
                    acks++;
                    if (_verbose.Value)
                    {
                        await Targeted(context.Out, "==>", key[..^4], "acknowledged").ConfigureAwait(false);
                    }
                }
                else if (key.EndsWith("/exit", StringComparison.Ordinal))
                {
                    var value = (await client.SendRawAsync(HttpMethod.Get, $"/v1/kv/{full}?raw", null, ct).ConfigureAwait(false)).Text;
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
                    {
                        await context.Err.WriteLineAsync($"Failed to parse exit code '{value}'").ConfigureAwait(false);
                        continue;
                    }

                    exits++;
                    bad += code != 0 ? 1 : 0;
                    await Targeted(context.Out, "==>", key[..^5], $"finished with exit code {code.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
                }
                else if (key.LastIndexOf("/out/", StringComparison.Ordinal) is var at and >= 0)
                {
                    var body = (await client.SendRawAsync(HttpMethod.Get, $"/v1/kv/{full}?raw", null, ct).ConfigureAwait(false)).Body;
                    if (body.Length == 0)
                    {
                        if (_verbose.Value)
                        {
                            await Targeted(context.Out, "==>", key[..at], "heartbeat received").ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        await Targeted(context.Out, "   ", key[..at], Encoding.UTF8.GetString(body)).ConfigureAwait(false);
                    }
                }
                else
                {
                    await context.Err.WriteLineAsync($"Unknown key '{key}', ignoring.").ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Consul's TargetedUI: every line prefixed with the arrow (or spaces) and the node name.</summary>
    private static Task Targeted(TextWriter w, string arrow, string node, string text)
    {
        var lines = text.Split('\n').Select(l => $"{arrow} {node}: {l}");
        return w.WriteLineAsync(string.Join('\n', lines).TrimEnd());
    }

    private async Task VerboseAsync(CliContext context, string line)
    {
        if (_verbose.Value)
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static async Task IgnoreAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (ConsulApiException)
        {
        }
    }
}
