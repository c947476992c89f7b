using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul force-leave [-prune] [-wan] node</c>: moves a failed member to left (or erases it).</summary>
public sealed class ForceLeaveCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<bool> _prune;
    private readonly Core.Flags.FlagValue<bool> _wan;

    public ForceLeaveCommand()
        : base("force-leave")
    {
        _prune = Flags.Bool("prune", false, "Remove agent forcibly from list of members");
        _wan = Flags.Bool("wan", false, "Exclusively leave the agent from the WAN serf pool.");
    }

    public override string Synopsis => "Forces a member of the cluster to enter the \"left\" state";

    protected override string UsageText => "Usage: consul force-leave [options] name\n\n  Forces a member of a Consul cluster to enter the \"left\" state. Note\n  that if the member is still actually alive, it will eventually rejoin\n  the cluster. This command is most useful for cleaning out \"failed\" nodes\n  that are never coming back. If you do not force leave a failed node,\n  Consul will attempt to reconnect to those failed nodes for some period of\n  time before eventually reaping them.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count != 1)
        {
            await context.Err.WriteLineAsync("A single node name must be specified to force leave.").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        var query = new List<string>();
        if (_prune.Value)
        {
            query.Add("prune=1");
        }

        if (_wan.Value)
        {
            query.Add("wan=1");
        }

        try
        {
            await client.PutAsync($"/v1/agent/force-leave/{Uri.EscapeDataString(args[0])}" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error force leaving: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }
}
