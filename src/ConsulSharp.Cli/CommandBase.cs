using ConsulSharp.Client;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli;

/// <summary>
/// Shared shape of HTTP-client commands: a flag set with the HTTP flags, Go-style parsing with Consul's failure
/// behaviour (message and usage on stderr, exit 1), and the help layout of Consul's <c>flags.Usage</c>.
/// </summary>
public abstract class CommandBase : ICommand
{
    protected CommandBase(string name, bool httpFlags = true, bool serverFlags = false)
    {
        Name = name;
        Flags = new FlagSet(name);
        if (httpFlags)
        {
            Http = new HttpFlags(Flags, serverFlags);
        }
    }

    public string Name { get; }

    public abstract string Synopsis { get; }

    protected abstract string UsageText { get; }

    public string Help => UsageText.Trim() + "\n\n" + Flags.Usage().TrimEnd();

    protected FlagSet Flags { get; }

    protected HttpFlags? Http { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        try
        {
            Flags.Parse(args);
        }
        catch (FlagHelpException)
        {
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 0;
        }
        catch (FlagParseException ex)
        {
            await context.Err.WriteLineAsync(ex.Message).ConfigureAwait(false);
            await context.Err.WriteLineAsync("Usage of " + Name + ":").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Flags.Usage().TrimEnd()).ConfigureAwait(false);
            return 1;
        }

        return await ExecuteAsync(Flags.Remaining, context, cancellationToken).ConfigureAwait(false);
    }

    protected abstract Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken);

    /// <summary>Asks the agent for itself first, as Consul's event, exec and watch commands do; false (with
    /// <c>Error querying Consul agent: ...</c> on stderr) when it cannot be reached.</summary>
    protected static async Task<bool> AgentReachableAsync(ConsulHttpClient client, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await client.GetAsync("/v1/agent/self", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error querying Consul agent: {ex.Message}").ConfigureAwait(false);
            return false;
        }
    }

    protected ConsulHttpClient Client(CliContext context) =>
        Http?.CreateClient(context) ?? throw new InvalidOperationException("command has no HTTP flags");
}
