using System.Globalization;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl set-agent-token TYPE TOKEN</c>: hand the agent one of its tokens (<c>PUT /v1/agent/token/:kind</c>).</summary>
public sealed class AclSetAgentTokenCommand : CommandBase
{
    public AclSetAgentTokenCommand()
        : base("acl set-agent-token", serverFlags: true)
    {
    }

    public override string Synopsis => "Assign tokens for the Consul Agent's usage";

    protected override string UsageText => """
        Usage: consul acl set-agent-token [options] TYPE TOKEN

          Sets one of the agent's tokens. Unless token persistence is enabled they are lost when the agent restarts.

          Token Types:

            default                           Used for the agent's own operations and for HTTP and DNS requests
                                              that carry no token. Without it the anonymous token is used.

            agent                             Used for the agent's internal operations (default token if unset).

            recovery                          Lets the agent APIs be used when the servers cannot be reached.

            replication                       Used by servers to replicate ACL data from the primary datacenter.

            config_file_service_registration  Used to register services and checks defined in config files.

            dns                               Used for DNS requests.

          Example:

            $ consul acl set-agent-token default c4d0f8df-3aba-4ab6-a7a0-35b760dc29a1
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        string? error = args.Count switch
        {
            0 => "Missing TYPE and TOKEN arguments",
            1 => args[0] is "default" or "agent" or "recovery" or "replication" ? "Missing TOKEN argument" : "MISSING TYPE argument",
            2 => null,
            _ => "Too many arguments: expected 2 got " + args.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (error is not null)
        {
            await context.Err.WriteLineAsync("Error! " + error).ConfigureAwait(false);
            return 1;
        }

        var type = args[0];
        string token;
        try
        {
            token = await AclCli.LoadDataSourceAsync(args[1], context, cancellationToken).ConfigureAwait(false);
        }
        catch (AclArgumentException ex)
        {
            await context.Err.WriteLineAsync("Error! " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        var kind = type switch
        {
            "default" => "default",
            "agent" => "agent",
            "recovery" => "agent_recovery",
            "replication" => "replication",
            "config_file_service_registration" => "config_file_service_registration",
            "dns" => "dns",
            _ => null,
        };
        if (kind is null)
        {
            await context.Err.WriteLineAsync("Unknown token type").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        try
        {
            await client.Acl.SetAgentTokenAsync(kind, token, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Failed to set ACL token {AclCli.Quote(type)}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync($"ACL token {AclCli.Quote(type)} set successfully").ConfigureAwait(false);
        return 0;
    }
}
