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

    protected ConsulHttpClient Client(CliContext context) =>
        Http?.CreateClient(context) ?? throw new InvalidOperationException("command has no HTTP flags");
}
