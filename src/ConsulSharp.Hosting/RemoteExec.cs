using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsulSharp.Agent;
using ConsulSharp.Agent.Membership;
using ConsulSharp.Client;
using ConsulSharp.Core.Processes;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Hosting;

/// <summary>
/// The agent side of <c>consul exec</c> (only with <c>disable_remote_exec = false</c>, as in Consul): on a
/// <c>_rexec</c> event it reads the job from <c>&lt;prefix&gt;/&lt;session&gt;/job</c>, acknowledges it at
/// <c>&lt;node&gt;/ack</c>, runs it (command through the shell, args directly, or a script), streams its output to
/// <c>&lt;node&gt;/out/00000</c>, <c>00001</c>... (an empty entry is a heartbeat) and writes the exit code to
/// <c>&lt;node&gt;/exit</c>, every write holding the job's session, through this agent's own HTTP API.
/// </summary>
internal sealed partial class RemoteExec(ConsulAgent agent, ILoggerFactory loggers) : IAsyncDisposable
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);
    private const int MaxChunk = 4096;

    private readonly ILogger _log = loggers.CreateLogger("agent");
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private Uri? _http;
    private int _disposed;

    public void Start(AgentGossip gossip, Uri http)
    {
        _http = http;
        gossip.RemoteExecRequested += e =>
        {
            var task = Task.Run(() => HandleAsync(e, _stop.Token), CancellationToken.None);
            lock (_running)
            {
                _running.RemoveAll(t => t.IsCompleted);
                _running.Add(task);
            }
        };
    }

    public async ValueTask DisposeAsync()
    {
        // Called by the host's stop and again by the container.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task HandleAsync(ConsulUserEvent e, CancellationToken ct)
    {
        string prefix, session;
        try
        {
            using var payload = JsonDocument.Parse(e.Payload ?? []);
            prefix = payload.RootElement.GetProperty("Prefix").GetString() ?? "_rexec";
            session = payload.RootElement.GetProperty("Session").GetString() ?? "";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            LogBadEvent(_log, ex.Message);
            return;
        }

        var node = agent.Config.NodeName;
        var dir = $"{prefix}/{session}";
        using var client = new ConsulHttpClient(new ConsulClientConfig { Address = $"{_http!.Host}:{_http.Port}", Token = agent.Config.Acl.Tokens.Agent ?? "" });
        try
        {
            var job = await client.SendRawAsync(HttpMethod.Get, $"/v1/kv/{dir}/job?stale", null, ct).ConfigureAwait(false);
            if (job.StatusCode == 404)
            {
                job = await client.SendRawAsync(HttpMethod.Get, $"/v1/kv/{dir}/job", null, ct).ConfigureAwait(false);
            }

            if (job.StatusCode != 200)
            {
                LogNoJob(_log, dir);
                return;
            }

            using var entry = JsonDocument.Parse(job.Body);
            var specBytes = entry.RootElement[0].GetProperty("Value").GetBytesFromBase64();
            using var spec = JsonDocument.Parse(specBytes);
            if (!await WriteAsync(client, $"{dir}/{node}/ack", [], session, ct).ConfigureAwait(false))
            {
                LogAckFailed(_log, dir);
                return;
            }

            var exit = await RunAsync(client, spec.RootElement, $"{dir}/{node}/out", session, ct).ConfigureAwait(false);
            await WriteAsync(client, $"{dir}/{node}/exit", Encoding.UTF8.GetBytes(exit.ToString(CultureInfo.InvariantCulture)), session, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConsulApiException or JsonException or IOException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            LogFailed(_log, dir, ex.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task<bool> WriteAsync(ConsulHttpClient client, string key, byte[] value, string session, CancellationToken ct) =>
        (await client.SendRawAsync(HttpMethod.Put, $"/v1/kv/{key}?acquire={session}", value, ct).ConfigureAwait(false)).Text.Trim() == "true";

    private async Task<int> RunAsync(ConsulHttpClient client, JsonElement spec, string outDir, string session, CancellationToken ct)
    {
        ProcessStartInfo psi;
        string? scriptFile = null;
        var shell = Environment.GetEnvironmentVariable("SHELL");
        if (spec.TryGetProperty("Script", out var script) && script.ValueKind == JsonValueKind.String && script.GetBytesFromBase64() is { Length: > 0 } body)
        {
            scriptFile = Path.Combine(Path.GetTempPath(), "rexec-" + Guid.NewGuid().ToString("N"));
            await File.WriteAllBytesAsync(scriptFile, body, ct).ConfigureAwait(false);
            psi = new ProcessStartInfo(Subprocess.ShellPath(shell)) { ArgumentList = { scriptFile } };
        }
        else if (spec.TryGetProperty("Args", out var args) && args.ValueKind == JsonValueKind.Array && args.GetArrayLength() > 0)
        {
            psi = Subprocess.Direct([.. args.EnumerateArray().Select(a => a.GetString() ?? "")]);
        }
        else
        {
            psi = Subprocess.Shell(spec.GetProperty("Command").GetString() ?? "", shell);
        }

        psi.UseShellExecute = false;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        var output = new StringBuilder();
        var gate = new Lock();
        var chunk = 0;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the command");
        p.StandardInput.Close();
        p.OutputDataReceived += (_, a) => Append(a.Data);
        p.ErrorDataReceived += (_, a) => Append(a.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();

        async Task FlushAsync(bool heartbeatIfEmpty)
        {
            string text;
            lock (gate)
            {
                text = output.ToString();
                output.Clear();
            }

            if (text.Length == 0 && !heartbeatIfEmpty)
            {
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            for (var i = 0; i == 0 || i < bytes.Length; i += MaxChunk)
            {
                var part = bytes.AsMemory(i, Math.Min(MaxChunk, bytes.Length - i)).ToArray();
                await WriteAsync(client, $"{outDir}/{chunk++:x5}", part, session, ct).ConfigureAwait(false);
            }
        }

        try
        {
            var sinceWrite = Stopwatch.StartNew();
            while (!p.HasExited)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
                tick.CancelAfter(FlushInterval);
                try
                {
                    await p.WaitForExitAsync(tick.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }

                int pending;
                lock (gate)
                {
                    pending = output.Length;
                }

                if (pending > 0 || sinceWrite.Elapsed > TimeSpan.FromSeconds(1))
                {
                    await FlushAsync(heartbeatIfEmpty: true).ConfigureAwait(false);
                    sinceWrite.Restart();
                }
            }

            await p.WaitForExitAsync(ct).ConfigureAwait(false);
            await FlushAsync(heartbeatIfEmpty: false).ConfigureAwait(false);
            return p.ExitCode;
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            if (scriptFile is not null)
            {
                File.Delete(scriptFile);
            }
        }

        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                output.Append(line).Append('\n');
            }
        }
    }

    [LoggerMessage(EventId = 190, Level = LogLevel.Error, Message = "failed to decode remote exec event: error=\"{Error}\"")]
    private static partial void LogBadEvent(ILogger logger, string error);

    [LoggerMessage(EventId = 191, Level = LogLevel.Error, Message = "remote exec job not found: dir={Dir}")]
    private static partial void LogNoJob(ILogger logger, string dir);

    [LoggerMessage(EventId = 192, Level = LogLevel.Error, Message = "failed to ack remote exec job: dir={Dir}")]
    private static partial void LogAckFailed(ILogger logger, string dir);

    [LoggerMessage(EventId = 193, Level = LogLevel.Error, Message = "remote exec failed: dir={Dir} error=\"{Error}\"")]
    private static partial void LogFailed(ILogger logger, string dir, string error);
}
