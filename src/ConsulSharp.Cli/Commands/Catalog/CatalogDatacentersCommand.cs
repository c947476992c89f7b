using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Catalog;

/// <summary><c>consul catalog datacenters</c>: one datacenter per line, in the servers' order.</summary>
public sealed class CatalogDatacentersCommand : CommandBase
{
    public CatalogDatacentersCommand()
        : base("catalog datacenters", serverFlags: true)
    {
    }

    public override string Synopsis => "Lists all known datacenters";

    protected override string UsageText => """
        Usage: consul catalog datacenters [options]

          Lists the datacenters the agent's servers know, nearest (by estimated round trip time) first.

              $ consul catalog datacenters
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count > 0)
        {
            await context.Err.WriteLineAsync($"Too many arguments (expected 0, got {args.Count})").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        ConsulResponse res;
        try
        {
            res = await client.GetAsync("/v1/catalog/datacenters", cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error listing datacenters: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using var doc = JsonDocument.Parse(res.Body);
        var dcs = doc.RootElement.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
        if (dcs.Count == 0)
        {
            await context.Err.WriteLineAsync("No datacenters found").ConfigureAwait(false);
            return 1;
        }

        foreach (var dc in dcs)
        {
            await context.Out.WriteLineAsync(dc).ConfigureAwait(false);
        }

        return 0;
    }
}
