using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Maint;

/// <summary><c>consul maint</c>: list, enable or disable node and service maintenance mode.</summary>
public sealed class MaintCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<bool> _enable;
    private readonly Core.Flags.FlagValue<bool> _disable;
    private readonly Core.Flags.FlagValue<string?> _reason;
    private readonly Core.Flags.FlagValue<string?> _service;

    public MaintCommand()
        : base("maint")
    {
        _enable = Flags.Bool("enable", false, "Enable maintenance mode.");
        _disable = Flags.Bool("disable", false, "Disable maintenance mode.");
        _reason = Flags.String("reason", null, "Text describing the maintenance reason.");
        _service = Flags.String("service", null, "Control maintenance mode for a specific service ID.");
    }

    public override string Synopsis => "Controls node or service maintenance mode";

    protected override string UsageText => "Usage: consul maint [options]\n\n  Places a node or service into maintenance mode. During maintenance mode,\n  the node or service will be excluded from all queries through the DNS\n  or API interfaces, effectively taking it out of the pool of available\n  nodes. This is done by registering an additional critical health check.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var reason = _reason.Value ?? "";
        var service = _service.Value ?? "";
        if (_enable.Value && _disable.Value)
        {
            await context.Err.WriteLineAsync("Only one of -enable or -disable may be provided").ConfigureAwait(false);
            return 1;
        }

        if (!_enable.Value && reason.Length > 0)
        {
            await context.Err.WriteLineAsync("Reason may only be provided with -enable").ConfigureAwait(false);
            return 1;
        }

        if (!_enable.Value && !_disable.Value && service.Length > 0)
        {
            await context.Err.WriteLineAsync("Service requires either -enable or -disable").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        if (!_enable.Value && !_disable.Value)
        {
            return await ListAsync(client, context, cancellationToken).ConfigureAwait(false);
        }

        var enable = _enable.Value;
        var verb = enable ? "enabl" : "disabl";
        var query = "?enable=" + (enable ? "true" : "false") + (reason.Length > 0 ? "&reason=" + Uri.EscapeDataString(reason) : "");
        try
        {
            if (service.Length == 0)
            {
                await client.PutAsync("/v1/agent/maintenance" + query, null, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"Node maintenance is now {verb}ed").ConfigureAwait(false);
            }
            else
            {
                await client.PutAsync("/v1/agent/service/maintenance/" + Uri.EscapeDataString(service) + query, null, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"Service maintenance is now {verb}ed for \"{service}\"").ConfigureAwait(false);
            }
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error {verb}ing {(service.Length == 0 ? "node" : "service")} maintenance: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static async Task<int> ListAsync(ConsulHttpClient client, CliContext context, CancellationToken cancellationToken)
    {
        ConsulResponse res;
        try
        {
            res = await client.GetAsync("/v1/agent/checks", cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error getting checks: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        using var doc = JsonDocument.Parse(res.Body);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            var check = p.Value;
            var notes = check.GetProperty("Notes").GetString();
            if (p.Name == "_node_maintenance")
            {
                await context.Out.WriteLineAsync("Node:").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"  Name:   {check.GetProperty("Node").GetString()}").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"  Reason: {notes}").ConfigureAwait(false);
                await context.Out.WriteLineAsync().ConfigureAwait(false);
            }
            else if (p.Name.StartsWith("_service_maintenance:", StringComparison.Ordinal))
            {
                await context.Out.WriteLineAsync("Service:").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"  ID:     {check.GetProperty("ServiceID").GetString()}").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"  Reason: {notes}").ConfigureAwait(false);
                await context.Out.WriteLineAsync().ConfigureAwait(false);
            }
        }

        return 0;
    }
}
