using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Operator;

/// <summary><c>consul operator raft remove-peer -id=|-address=</c>.</summary>
public sealed class OperatorRaftRemovePeerCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _address;
    private readonly Core.Flags.FlagValue<string?> _id;

    public OperatorRaftRemovePeerCommand()
        : base("operator raft remove-peer", serverFlags: true)
    {
        _address = Flags.String("address", null, "The address to remove from the Raft configuration.");
        _id = Flags.String("id", null, "The ID to remove from the Raft configuration.");
    }

    public override string Synopsis => "Remove a Consul server from the Raft configuration";

    protected override string UsageText => """
        Usage: consul operator raft remove-peer [options]

          Remove the Consul server with given -address from the Raft configuration.

          There are rare cases where a peer may be left behind in the Raft quorum even
          though the server is no longer present and known to the cluster. This command
          can be used to remove the failed server so that it is no longer affects the Raft
          quorum. If the server still shows in the output of the "consul members" command,
          it is preferable to clean up by simply running "consul force-leave" instead of
          this command.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var address = _address.Value ?? "";
        var id = _id.Value ?? "";
        string? error = null;
        if (address.Length == 0 && id.Length == 0)
        {
            error = "an address or id is required for the peer to remove";
        }
        else if (address.Length > 0 && id.Length > 0)
        {
            error = "cannot give both an address and id";
        }
        else
        {
            using var client = Client(context);
            var query = address.Length > 0 ? "address=" + Uri.EscapeDataString(address) : "id=" + Uri.EscapeDataString(id);
            try
            {
                await client.DeleteAsync("/v1/operator/raft/peer?" + query, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                error = ex.Message;
            }
        }

        if (error is not null)
        {
            await context.Err.WriteLineAsync($"Error removing peer: {error}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync(address.Length > 0 ? $"Removed peer with address \"{address}\"" : $"Removed peer with id \"{id}\"").ConfigureAwait(false);
        return 0;
    }
}
