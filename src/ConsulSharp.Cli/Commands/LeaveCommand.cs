using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul leave</c>: the agent leaves the cluster gracefully and shuts down.</summary>
public sealed class LeaveCommand : CommandBase
{
    public LeaveCommand()
        : base("leave")
    {
    }

    public override string Synopsis => "Gracefully leaves the Consul cluster and shuts down";

    protected override string UsageText => "Usage: consul leave [options]\n\n  Causes the agent to gracefully leave the Consul cluster and shutdown.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count > 0)
        {
            await context.Err.WriteLineAsync($"Error found unexpected args: [{string.Join(' ', args)}]").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        try
        {
            await client.PutAsync("/v1/agent/leave", null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error leaving: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync("Graceful leave complete").ConfigureAwait(false);
        return 0;
    }
}
