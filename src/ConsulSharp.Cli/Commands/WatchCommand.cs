using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsulSharp.Client.Watch;
using ConsulSharp.Core.Processes;

namespace ConsulSharp.Cli.Commands;

/// <summary>
/// <c>consul watch -type=... [child...]</c>: follows a view with blocking queries (<see cref="WatchPlan"/>). Without a
/// child it prints the current view as indented JSON and exits; with one it runs the child on every change with the
/// view's JSON on stdin and <c>CONSUL_INDEX</c> in its environment, until interrupted or the child fails.
/// </summary>
public sealed class WatchCommand : CommandBase
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Core.Flags.FlagValue<string?> _type;
    private readonly Core.Flags.FlagValue<string?> _key;
    private readonly Core.Flags.FlagValue<string?> _prefix;
    private readonly Core.Flags.FlagValue<string?> _service;
    private readonly Core.Flags.FlagValue<string?> _tag;
    private readonly Core.Flags.FlagValue<string?> _passingOnly;
    private readonly Core.Flags.FlagValue<bool> _shell;
    private readonly Core.Flags.FlagValue<string?> _state;
    private readonly Core.Flags.FlagValue<string?> _name;

    public WatchCommand()
        : base("watch", serverFlags: true)
    {
        _type = Flags.String("type", null, "Specifies the watch type. One of key, keyprefix, services, nodes, service, checks, or event.");
        _key = Flags.String("key", null, "Specifies the key to watch. Only for 'key' type.");
        _prefix = Flags.String("prefix", null, "Specifies the key prefix to watch. Only for 'keyprefix' type.");
        _service = Flags.String("service", null, "Specifies the service to watch. Required for 'service' type, optional for 'checks' type.");
        _tag = Flags.String("tag", null, "Specifies the service tag to filter on. Optional for 'service' type.");
        _passingOnly = Flags.String("passingonly", null, "Specifies if only hosts passing all checks are displayed. Optional for 'service' type, must be one of `[true|false]`. Defaults false.");
        _shell = Flags.Bool("shell", true, "Use a shell to run the command (can set a custom shell via the SHELL environment variable).");
        _state = Flags.String("state", null, "Specifies the states to watch. Optional for 'checks' type.");
        _name = Flags.String("name", null, "Specifies an event name to watch. Only for 'event' type.");
    }

    public override string Synopsis => "Watch for changes in Consul";

    protected override string UsageText => "Usage: consul watch [options] [child...]\n\n  Watches for changes in a given data view from Consul. If a child process\n  is specified, it will be invoked with the latest results on changes. Otherwise,\n  the latest values are dumped to stdout and the watch terminates.\n\n  Providing the watch type is required, and other parameters may be required\n  or supported depending on the watch type.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_type.Value))
        {
            await context.Err.WriteLineAsync("Watch type must be specified").ConfigureAwait(false);
            await context.Err.WriteLineAsync("").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = _type.Value };
        foreach (var (name, value) in new[] { ("key", _key.Value), ("prefix", _prefix.Value), ("service", _service.Value), ("tag", _tag.Value), ("state", _state.Value), ("name", _name.Value) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                parameters[name] = value;
            }
        }

        if (Http!.Stale)
        {
            parameters["stale"] = true;
        }

        if (!string.IsNullOrEmpty(_passingOnly.Value))
        {
            if (!Core.Text.GoStrconv.TryParseBool(_passingOnly.Value, out var passing, out var error))
            {
                await context.Err.WriteLineAsync($"Failed to parse passingonly flag: {error}").ConfigureAwait(false);
                return 1;
            }

            parameters["passingonly"] = passing;
        }

        WatchPlan plan;
        try
        {
            plan = WatchPlan.Parse(parameters);
        }
        catch (WatchPlanException ex)
        {
            await context.Err.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        if (!await AgentReachableAsync(client, context, cancellationToken).ConfigureAwait(false))
        {
            return 1;
        }

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, shutdown));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, shutdown));
        var exit = 0;
        Func<ulong, string, CancellationToken, Task<bool>> handler;
        if (args.Count == 0)
        {
            handler = async (_, json, _) =>
            {
                await context.Out.WriteLineAsync(JsonNode.Parse(json) is { } node ? node.ToJsonString(Pretty) : "null").ConfigureAwait(false);
                return false;
            };
        }
        else
        {
            handler = async (index, json, ct) =>
            {
                var error = await RunChildAsync(args, index, json, context, ct).ConfigureAwait(false);
                if (error is null)
                {
                    return true;
                }

                await context.Err.WriteLineAsync(error).ConfigureAwait(false);
                exit = 1;
                return false;
            };
        }

        await plan.RunAsync(client, handler, (error, retry) => context.Err.WriteLine($"[ERR] consul.watch: Watch (type: {plan.Type}) errored: {error}, retry in {FormatRetry(retry)}"), cancellationToken: shutdown.Token).ConfigureAwait(false);
        return exit;
    }

    private static void OnSignal(PosixSignalContext context, CancellationTokenSource shutdown)
    {
        context.Cancel = true;
        shutdown.Cancel();
    }

    /// <summary>Runs the child once; null when it exited 0, else Consul's error text.</summary>
    private async Task<string?> RunChildAsync(IReadOnlyList<string> args, ulong index, string json, CliContext context, CancellationToken cancellationToken)
    {
        var psi = _shell.Value ? Subprocess.Shell(string.Join(' ', args), context.GetEnv("SHELL")) : Subprocess.Direct(args);
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.Environment["CONSUL_INDEX"] = index.ToString(CultureInfo.InvariantCulture);
        Process child;
        try
        {
            child = Process.Start(psi) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"Error starting handler: {ex.Message}";
        }

        using (child)
        {
            var copyOut = CopyAsync(child.StandardOutput, context.Out);
            var copyErr = CopyAsync(child.StandardError, context.Err);
            try
            {
                await child.StandardInput.WriteAsync(json + "\n").ConfigureAwait(false);
                child.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child did not read its input: that is its business.
            }

            try
            {
                await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.WhenAll(copyOut, copyErr).ConfigureAwait(false);
                return null;
            }

            await Task.WhenAll(copyOut, copyErr).ConfigureAwait(false);
            return child.ExitCode == 0 ? null : $"Error executing handler: exit status {child.ExitCode.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
            await to.FlushAsync().ConfigureAwait(false);
        }
    }

    private static string FormatRetry(TimeSpan t) => t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds}s" : $"{(int)t.TotalSeconds}s";
}
