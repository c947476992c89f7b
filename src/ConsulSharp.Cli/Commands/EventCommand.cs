using System.Text;
using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul event -name=x [-node] [-service] [-tag] [payload]</c>: fires a user event.</summary>
public sealed class EventCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _name;
    private readonly Core.Flags.FlagValue<string?> _node;
    private readonly Core.Flags.FlagValue<string?> _service;
    private readonly Core.Flags.FlagValue<string?> _tag;

    public EventCommand()
        : base("event")
    {
        _name = Flags.String("name", null, "Name of the event.");
        _node = Flags.String("node", null, "Regular expression to filter on node names.");
        _service = Flags.String("service", null, "Regular expression to filter on service instances.");
        _tag = Flags.String("tag", null, "Regular expression to filter on service tags. Must be used with -service.");
    }

    public override string Synopsis => "Fire a new event";

    protected override string UsageText => "Usage: consul event [options] [payload]\n\n  Dispatches a custom user event across a datacenter. An event must provide\n  a name, but a payload is optional. Events support filtering using\n  regular expressions on node name, service, and tag definitions.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var name = _name.Value ?? "";
        var node = _node.Value ?? "";
        var service = _service.Value ?? "";
        var tag = _tag.Value ?? "";
        if (name.Length == 0)
        {
            await context.Err.WriteLineAsync("Event name must be specified").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        if (EventFilters.Validate(node, service, tag) is { } invalid)
        {
            await context.Err.WriteLineAsync(invalid).ConfigureAwait(false);
            return 1;
        }

        if (args.Count > 1)
        {
            await context.Err.WriteLineAsync("Too many command line arguments.").ConfigureAwait(false);
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 1;
        }

        var payload = args.Count == 1 ? Encoding.UTF8.GetBytes(args[0]) : null;
        using var client = Client(context);
        if (!await AgentReachableAsync(client, context, cancellationToken).ConfigureAwait(false))
        {
            return 1;
        }

        var query = new List<string>();
        foreach (var (key, value) in new[] { ("node", node), ("service", service), ("tag", tag) })
        {
            if (value.Length > 0)
            {
                query.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }

        ConsulResponse res;
        try
        {
            res = await client.PutAsync($"/v1/event/fire/{Uri.EscapeDataString(name)}" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), payload, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error firing event: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using var doc = JsonDocument.Parse(res.Body);
        await context.Out.WriteLineAsync($"Event ID: {doc.RootElement.GetProperty("ID").GetString()}").ConfigureAwait(false);
        return 0;
    }
}
