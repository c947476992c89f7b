using ConsulSharp.Cli.Commands;
using ConsulSharp.Cli.Commands.Agent;
using ConsulSharp.Cli.Commands.Kv;
using ConsulSharp.Cli.Commands.Lock;
using ConsulSharp.Cli.Commands.Catalog;

namespace ConsulSharp.Cli;

/// <summary>
/// Top-level dispatch of <c>consul &lt;command&gt; [args]</c> with Consul's rules: <c>-v</c>/<c>--version</c> anywhere
/// means <c>version</c>; no or an unknown command prints the command list and exits 127; groups without a
/// subcommand print their help and exit 1.
/// </summary>
public static class CommandLine
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliContext.Console(), CancellationToken.None);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var commands = Commands();

        var dashDash = args.ToList().IndexOf("--");
        var head = dashDash >= 0 ? args.Take(dashDash) : args;
        if (head.Any(a => a is "-v" or "--version" or "-version"))
        {
            args = ["version"];
        }

        if (args.Count == 0 || args[0] is "-h" or "-help" or "--help")
        {
            await PrintUsageAsync(context, commands).ConfigureAwait(false);
            return 127;
        }

        // Longest match of "group sub" names first (e.g. "operator raft list-peers").
        for (var words = Math.Min(3, args.Count); words >= 1; words--)
        {
            var name = string.Join(' ', args.Take(words));
            if (commands.TryGetValue(name, out var command))
            {
                return await command.RunAsync(args.Skip(words).ToArray(), context, cancellationToken).ConfigureAwait(false);
            }

            var prefix = name + " ";
            var subs = commands.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (subs.Count > 0 && (args.Count == words || args[words].StartsWith('-')))
            {
                await context.Err.WriteLineAsync($"Usage: consul {name} <subcommand> [options] [args]").ConfigureAwait(false);
                await context.Err.WriteLineAsync().ConfigureAwait(false);
                await context.Err.WriteLineAsync("Subcommands:").ConfigureAwait(false);
                var width = subs.Max(s => s.Length - prefix.Length);
                foreach (var s in subs.Order(StringComparer.Ordinal))
                {
                    await context.Err.WriteLineAsync($"    {s[prefix.Length..].PadRight(width)}    {commands[s].Synopsis}").ConfigureAwait(false);
                }

                return 1;
            }
        }

        await PrintUsageAsync(context, commands).ConfigureAwait(false);
        return 127;
    }

    private static Dictionary<string, ICommand> Commands()
    {
        ICommand[] all =
        [
            new Commands.Acl.AclBootstrapCommand(),
            new Commands.Acl.AclPolicyCreateCommand(),
            new Commands.Acl.AclPolicyDeleteCommand(),
            new Commands.Acl.AclPolicyListCommand(),
            new Commands.Acl.AclPolicyReadCommand(),
            new Commands.Acl.AclPolicyUpdateCommand(),
            new Commands.Acl.AclRoleCreateCommand(),
            new Commands.Acl.AclRoleDeleteCommand(),
            new Commands.Acl.AclRoleListCommand(),
            new Commands.Acl.AclRoleReadCommand(),
            new Commands.Acl.AclRoleUpdateCommand(),
            new Commands.Acl.AclSetAgentTokenCommand(),
            new Commands.Acl.AclTokenCloneCommand(),
            new Commands.Acl.AclTokenCreateCommand(),
            new Commands.Acl.AclTokenDeleteCommand(),
            new Commands.Acl.AclTokenListCommand(),
            new Commands.Acl.AclTokenReadCommand(),
            new Commands.Acl.AclTokenUpdateCommand(),
            new AgentCommand(),
            new CatalogDatacentersCommand(),
            new CatalogNodesCommand(),
            new CatalogServicesCommand(),
            new EventCommand(),
            new ForceLeaveCommand(),
            new InfoCommand(),
            new JoinCommand(),
            new KeyringCommand(),
            new KeygenCommand(),
            new KvDeleteCommand(),
            new KvExportCommand(),
            new KvGetCommand(),
            new KvImportCommand(),
            new KvPutCommand(),
            new LeaveCommand(),
            new LockCommand(),
            new ExecCommand(),
            new Commands.Maint.MaintCommand(),
            new Commands.Services.ServicesRegisterCommand(),
            new Commands.Services.ServicesDeregisterCommand(),
            new MembersCommand(),
            new MonitorCommand(),
            new Commands.Operator.OperatorAutopilotGetConfigCommand(),
            new Commands.Operator.OperatorAutopilotSetConfigCommand(),
            new Commands.Operator.OperatorAutopilotStateCommand(),
            new Commands.Operator.OperatorRaftListPeersCommand(),
            new Commands.Operator.OperatorRaftRemovePeerCommand(),
            new Commands.Operator.OperatorRaftTransferLeaderCommand(),
            new ReloadCommand(),
            new RttCommand(),
            new Commands.Snapshot.SnapshotInspectCommand(),
            new Commands.Snapshot.SnapshotRestoreCommand(),
            new Commands.Snapshot.SnapshotSaveCommand(),
            new ValidateCommand(),
            new VersionCommand(),
            new WatchCommand(),
        ];
        return all.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    private static async Task PrintUsageAsync(CliContext context, Dictionary<string, ICommand> commands)
    {
        await context.Err.WriteLineAsync("Usage: consul [--version] [--help] <command> [<args>]").ConfigureAwait(false);
        await context.Err.WriteLineAsync().ConfigureAwait(false);
        await context.Err.WriteLineAsync("Available commands are:").ConfigureAwait(false);
        var top = commands.Values.Where(c => !c.Name.Contains(' ', StringComparison.Ordinal)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var width = top.Max(c => c.Name.Length);
        foreach (var c in top)
        {
            await context.Err.WriteLineAsync($"    {c.Name.PadRight(width)}    {c.Synopsis}").ConfigureAwait(false);
        }
    }
}
