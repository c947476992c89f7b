using System.Diagnostics;
using System.Globalization;
using System.Text;
using ConsulSharp.Agent.Config;
using ConsulSharp.Client;
using ConsulSharp.Core.Processes;
using ConsulSharp.Client.Watch;
using ConsulSharp.Hcl;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Hosting;

/// <summary>
/// The agent's <c>watches</c> (config files): each runs a <see cref="WatchPlan"/> against this agent's own HTTP API and
/// calls its handler on changes: <c>handler_type = "script"</c> runs <c>args</c> (or the deprecated <c>handler</c>
/// string through the shell) with the view's JSON on stdin and <c>CONSUL_INDEX</c>; <c>"http"</c> sends the JSON to
/// <c>http_handler_config.path</c> with <c>X-Consul-Index</c>. Definitions are checked with Consul's texts at start
/// and on reload (the agent refuses to start, a reload keeps the old watches); a reload restarts every watch.
/// </summary>
internal sealed partial class AgentWatches(ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ILogger _log = loggers.CreateLogger("agent.watch");
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stop;
    private List<Task> _running = [];

    /// <summary>A parsed watch: the plan and its handler settings.</summary>
    internal sealed record Definition(WatchPlan Plan, string Token, string Datacenter, IReadOnlyList<string> Args, string Shell, HttpHandler? Http);

    internal sealed record HttpHandler(string Path, string Method, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers, TimeSpan Timeout, bool TlsSkipVerify);

    /// <summary>Parses every watch of <paramref name="config"/>; throws <see cref="ConfigException"/> with Consul's text.</summary>
    public static IReadOnlyList<Definition> Parse(RuntimeConfig config) => [.. config.Watches.Select(ParseOne)];

    /// <summary>Stops the running watches and starts those of <paramref name="definitions"/> against <paramref name="http"/>.</summary>
    public async Task StartAsync(IReadOnlyList<Definition> definitions, Uri http)
    {
        await StopAsync().ConfigureAwait(false);
        var stop = new CancellationTokenSource();
        var running = definitions.Select(d => Task.Run(() => RunAsync(d, http, stop.Token), CancellationToken.None)).ToList();
        lock (_gate)
        {
            _stop = stop;
            _running = running;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopAsync()
    {
        CancellationTokenSource? stop;
        List<Task> running;
        lock (_gate)
        {
            (stop, running) = (_stop, _running);
            (_stop, _running) = (null, []);
        }

        if (stop is null)
        {
            return;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running).ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task RunAsync(Definition d, Uri http, CancellationToken ct)
    {
        using var client = new ConsulHttpClient(new ConsulClientConfig { Address = $"{http.Host}:{http.Port}", Token = d.Token, Datacenter = d.Datacenter });
        using var httpHandler = d.Http is { TlsSkipVerify: true } ? new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator } : new HttpClientHandler();
        using var sender = new HttpClient(httpHandler) { Timeout = d.Http?.Timeout ?? TimeSpan.FromSeconds(10) };
        try
        {
            await d.Plan.RunAsync(client, async (index, json, token) =>
            {
                if (d.Http is { } h)
                {
                    await InvokeHttpAsync(sender, h, index, json, token).ConfigureAwait(false);
                }
                else
                {
                    await InvokeScriptAsync(d, index, json, token).ConfigureAwait(false);
                }

                return true;
            }, (error, retry) => LogWatchErrored(_log, d.Plan.Type, error, retry.ToString(), null), cancellationToken: ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task InvokeScriptAsync(Definition d, ulong index, string json, CancellationToken ct)
    {
        ProcessStartInfo psi;
        string label;
        if (d.Args.Count > 0)
        {
            psi = Subprocess.Direct(d.Args);
            label = string.Join(' ', d.Args);
        }
        else
        {
            psi = Subprocess.Shell(d.Shell, Environment.GetEnvironmentVariable("SHELL"));
            label = d.Shell;
        }

        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.Environment["CONSUL_INDEX"] = index.ToString(CultureInfo.InvariantCulture);
        try
        {
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("no process");
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            var stderr = p.StandardError.ReadToEndAsync(ct);
            try
            {
                await p.StandardInput.WriteAsync(json + "\n").ConfigureAwait(false);
                p.StandardInput.Close();
            }
            catch (IOException)
            {
            }

            try
            {
                await p.WaitForExitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                throw;
            }

            var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
            LogHandlerOutput(_log, label, output);
            if (p.ExitCode != 0)
            {
                LogHandlerFailed(_log, label, $"exit status {p.ExitCode.ToString(CultureInfo.InvariantCulture)}", null);
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            LogHandlerFailed(_log, label, ex.Message, null);
        }
    }

    private async Task InvokeHttpAsync(HttpClient sender, HttpHandler h, ulong index, string json, CancellationToken ct)
    {
        try
        {
            using var req = new HttpRequestMessage(new HttpMethod(h.Method), h.Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            foreach (var (name, values) in h.Headers)
            {
                req.Headers.TryAddWithoutValidation(name, values);
            }

            req.Headers.TryAddWithoutValidation("X-Consul-Index", index.ToString(CultureInfo.InvariantCulture));
            using var res = await sender.SendAsync(req, ct).ConfigureAwait(false);
            var body = await res.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if ((int)res.StatusCode is < 200 or >= 300)
            {
                LogHttpHandlerFailed(_log, h.Path, $"Unsuccessful response status code {(int)res.StatusCode}: {body}", null);
            }
            else
            {
                LogHandlerOutput(_log, h.Path, body);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogHttpHandlerFailed(_log, h.Path, ex.Message, null);
        }
    }

    private static Definition ParseOne(HclNode node)
    {
        var raw = node.ToPlainValue() as Dictionary<string, object?> ?? throw new ConfigException("Failed to parse watch: a watch must be an object");
        var parameters = raw.ToDictionary(kv => kv.Key, kv => Plain(kv.Value), StringComparer.Ordinal);
        string Describe() => "map[" + string.Join(' ', parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Format(p.Value)}")) + "]";
        WatchPlan plan;
        try
        {
            plan = WatchPlan.Parse(parameters);
        }
        catch (WatchPlanException ex)
        {
            throw new ConfigException($"Failed to parse watch ({Describe()}): {ex.Message}");
        }

        var handlerType = parameters.GetValueOrDefault("handler_type") as string ?? "script";
        var hasHandler = parameters.TryGetValue("handler", out var handler);
        var hasArgs = parameters.TryGetValue("args", out var args);
        if (hasHandler && handler is not string)
        {
            throw new ConfigException("Watch handler must be a string");
        }

        var argList = new List<string>();
        if (hasArgs)
        {
            if (args is not IEnumerable<object?> list || list.Any(a => a is not string))
            {
                throw new ConfigException("Watch args must be a list of strings");
            }

            argList.AddRange(list.Cast<string>());
        }

        if (handlerType is not ("script" or "http"))
        {
            throw new ConfigException($"Failed to parse watch ({Describe()}): Handler type '{handlerType}' not supported");
        }

        if ((hasHandler && hasArgs) || (hasHandler && handlerType == "http") || (hasArgs && handlerType == "http"))
        {
            throw new ConfigException("Only one watch handler allowed");
        }

        if (!hasHandler && !hasArgs && handlerType != "http")
        {
            throw new ConfigException("Must define a watch handler");
        }

        HttpHandler? http = null;
        if (handlerType == "http")
        {
            if (parameters.GetValueOrDefault("http_handler_config") is not Dictionary<string, object?> cfg || cfg.GetValueOrDefault("path") is not string { Length: > 0 } path)
            {
                throw new ConfigException($"Failed to parse watch ({Describe()}): Handler type 'http' requires 'http_handler_config' to be set with a 'path'");
            }

            var timeout = TimeSpan.FromSeconds(10);
            if (cfg.GetValueOrDefault("timeout") is string t && !ConsulSharp.Core.GoDuration.TryParse(t, out timeout))
            {
                throw new ConfigException($"Failed to parse watch ({Describe()}): time: invalid duration \"{t}\"");
            }

            var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            if (cfg.GetValueOrDefault("header") is Dictionary<string, object?> hs)
            {
                foreach (var (name, value) in hs)
                {
                    headers[name] = value switch
                    {
                        string s => [s],
                        IEnumerable<object?> l => [.. l.OfType<string>()],
                        _ => [],
                    };
                }
            }

            http = new HttpHandler(path, cfg.GetValueOrDefault("method") as string is { Length: > 0 } m ? m.ToUpperInvariant() : "POST", headers, timeout, cfg.GetValueOrDefault("tls_skip_verify") is true);
        }

        return new Definition(plan, parameters.GetValueOrDefault("token") as string ?? "", parameters.GetValueOrDefault("datacenter") as string ?? "", argList, handler as string ?? "", http);
    }

    /// <summary>HCL values as the plan expects them (lists of strings stay lists, numbers become strings).</summary>
    private static object? Plain(object? v) => v switch
    {
        List<object?> list when list.All(i => i is string) => list.Cast<string>().ToList(),
        List<object?> { Count: 1 } block when block[0] is Dictionary<string, object?> d => d, // an HCL block: http_handler_config { ... }
        _ => v,
    };

    private static string Format(object? v) => v switch
    {
        IEnumerable<string> l => "[" + string.Join(' ', l) + "]",
        Dictionary<string, object?> d => "map[" + string.Join(' ', d.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Format(p.Value)}")) + "]",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "<nil>",
    };

    [LoggerMessage(EventId = 170, Level = LogLevel.Error, Message = "Watch errored: type={Type} error=\"{Error}\" retry={Retry}")]
    private static partial void LogWatchErrored(ILogger logger, string type, string error, string retry, Exception? ex);

    [LoggerMessage(EventId = 171, Level = LogLevel.Error, Message = "Failed to run watch handler: handler=\"{Handler}\" error=\"{Error}\"")]
    private static partial void LogHandlerFailed(ILogger logger, string handler, string error, Exception? ex);

    [LoggerMessage(EventId = 172, Level = LogLevel.Error, Message = "Failed to invoke http watch handler: handler={Handler} error=\"{Error}\"")]
    private static partial void LogHttpHandlerFailed(ILogger logger, string handler, string error, Exception? ex);

    [LoggerMessage(EventId = 173, Level = LogLevel.Debug, Message = "watch handler output: handler=\"{Handler}\" output=\"{Output}\"")]
    private static partial void LogHandlerOutput(ILogger logger, string handler, string output);
}
