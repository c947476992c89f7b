using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul reload</c>: asks the agent to re-read its configuration files.</summary>
public sealed class ReloadCommand : CommandBase
{
    public ReloadCommand()
        : base("reload")
    {
    }

    public override string Synopsis => "Triggers the agent to reload configuration files";

    protected override string UsageText => "Usage: consul reload\n\n  Causes the agent to reload configurations. This can be used instead\n  of sending the SIGHUP signal to the agent.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        try
        {
            await client.PutAsync("/v1/agent/reload", null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error reloading: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync("Configuration reload triggered").ConfigureAwait(false);
        return 0;
    }
}
