using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul info</c>: the Stats sections of <c>/v1/agent/self</c>, sorted.</summary>
public sealed class InfoCommand : CommandBase
{
    public InfoCommand()
        : base("info")
    {
    }

    public override string Synopsis => "Provides debugging information for operators.";

    protected override string UsageText => "Usage: consul info [options]\n\n  Provides debugging information for operators";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        ConsulResponse res;
        try
        {
            res = await client.GetAsync("/v1/agent/self", cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error querying agent: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using var doc = JsonDocument.Parse(res.Body);
        if (!doc.RootElement.TryGetProperty("Stats", out var stats))
        {
            await context.Err.WriteLineAsync($"Agent response did not contain 'Stats' key: {res.Text}").ConfigureAwait(false);
            return 1;
        }

        foreach (var section in stats.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            await context.Out.WriteLineAsync(section.Name + ":").ConfigureAwait(false);
            foreach (var kv in section.Value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                await context.Out.WriteLineAsync($"\t{kv.Name} = {kv.Value.GetString()}").ConfigureAwait(false);
            }
        }

        return 0;
    }
}
