using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Operator;

/// <summary><c>consul operator raft transfer-leader [-id=]</c>: hand leadership to a server (or the most up-to-date one).</summary>
public sealed class OperatorRaftTransferLeaderCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _id;

    public OperatorRaftTransferLeaderCommand()
        : base("operator raft transfer-leader", serverFlags: true)
    {
        _id = Flags.String("id", null, "The ID of the node to transfer leadership to.");
    }

    public override string Synopsis => "Transfer raft leadership to another node";

    protected override string UsageText => """
        Usage: consul operator raft transfer-leader [options]

          Transfer raft leadership to another node.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        var query = _id.Value is { Length: > 0 } id ? "?id=" + Uri.EscapeDataString(id) : "";
        try
        {
            var res = await client.SendAsync(HttpMethod.Post, "/v1/operator/raft/transfer-leader" + query, null, cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(res.Body);
            if (!doc.RootElement.TryGetProperty("Success", out var ok) || !ok.GetBoolean())
            {
                await context.Err.WriteLineAsync("Error transfering leadership: Failed to transfer leadership").ConfigureAwait(false);
                return 1;
            }
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error transfering leadership: Failed to transfer leadership {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync("Success").ConfigureAwait(false);
        return 0;
    }
}
