using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul join [-wan] address...</c>: asks the agent to join the given agents' gossip pool.</summary>
public sealed class JoinCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<bool> _wan;

    public JoinCommand()
        : base("join")
    {
        _wan = Flags.Bool("wan", false, "Joins a server to another server in the WAN pool.");
    }

    public override string Synopsis => "Tell Consul agent to join cluster";

    protected override string UsageText => "Usage: consul join [options] address ...\n\n  Tells a running Consul agent (with \"consul agent\") to join the cluster\n  by specifying at least one existing member.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            await context.Err.WriteLineAsync("At least one address to join must be specified.").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        var joined = 0;
        foreach (var addr in args)
        {
            try
            {
                await client.PutAsync($"/v1/agent/join/{addr}" + (_wan.Value ? "?wan=1" : ""), null, cancellationToken).ConfigureAwait(false);
                joined++;
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error joining address '{addr}': {ex.Message}").ConfigureAwait(false);
            }
        }

        if (joined == 0)
        {
            await context.Err.WriteLineAsync("Failed to join any nodes.").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync($"Successfully joined cluster by contacting {joined} nodes.").ConfigureAwait(false);
        return 0;
    }
}
