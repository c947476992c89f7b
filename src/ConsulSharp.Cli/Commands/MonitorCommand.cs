using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul monitor</c>: streams the agent's logs until interrupted.</summary>
public sealed class MonitorCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _level;
    private readonly Core.Flags.FlagValue<bool> _json;

    public MonitorCommand()
        : base("monitor")
    {
        _level = Flags.String("log-level", "INFO", "Log level of the agent.");
        _json = Flags.Bool("log-json", false, "Output logs in JSON format.");
        Flags.Strings("log-sublevels", "Sets the log level for a sub logger (not supported; accepted for compatibility).");
    }

    public override string Synopsis => "Stream logs from a Consul agent";

    protected override string UsageText => "Usage: consul monitor [options]\n\n  Shows recent log messages of a Consul agent, and attaches to the agent,\n  outputting log messages as they occur in real time. The monitor lets you\n  listen for log levels that may be filtered out of the Consul agent. For\n  example your agent may only be logging at INFO level, but with the monitor\n  you can see the DEBUG level logs.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        var query = "/v1/agent/monitor?loglevel=" + Uri.EscapeDataString(_level.Value ?? "INFO") + (_json.Value ? "&logjson" : "");
        HttpResponseMessage res;
        try
        {
            res = await client.StreamAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error starting monitor: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using (res)
        {
            try
            {
                using var reader = new StreamReader(await res.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    await context.Out.WriteLineAsync(line).ConfigureAwait(false);
                    await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (IOException)
            {
                // The agent went away mid-stream; reported below.
            }
        }

        await context.Out.WriteLineAsync().ConfigureAwait(false);
        await context.Out.WriteLineAsync("Remote side ended the monitor! This usually means that the").ConfigureAwait(false);
        await context.Out.WriteLineAsync("remote side has exited or crashed.").ConfigureAwait(false);
        return 1;
    }
}
