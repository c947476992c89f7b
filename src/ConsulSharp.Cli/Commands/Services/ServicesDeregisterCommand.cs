using ConsulSharp.Agent.Config;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Services;

/// <summary><c>consul services deregister</c>: by <c>-id</c> or by the services in JSON definition files.</summary>
public sealed class ServicesDeregisterCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _id;

    public ServicesDeregisterCommand()
        : base("services deregister")
    {
        _id = Flags.String("id", null, "ID to delete. This must not be set if arguments are given.");
    }

    public override string Synopsis => "Deregister services with the local agent";

    protected override string UsageText => "Usage: consul services deregister [options] [FILE...]\n\n  Deregister one or more services that were previously registered with\n  the local agent.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var hasId = _id.Value is { Length: > 0 };
        if (!hasId && args.Count == 0)
        {
            await context.Err.WriteLineAsync("Service deregistration requires at least one argument or -id.").ConfigureAwait(false);
            return 1;
        }

        if (hasId && args.Count > 0)
        {
            await context.Err.WriteLineAsync("Service deregistration requires arguments or -id, not both.").ConfigureAwait(false);
            return 1;
        }

        var ids = new List<string>();
        if (hasId)
        {
            ids.Add(_id.Value!);
        }
        else
        {
            var warnings = new List<string>();
            try
            {
                var loaded = ServiceFile.Load(args, warnings);
                ids.AddRange(loaded.Select(s => s.EffectiveId));
            }
            catch (Exception ex) when (ex is ConfigException or IOException or UnauthorizedAccessException)
            {
                await context.Err.WriteLineAsync($"Error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            foreach (var warning in warnings)
            {
                await context.Err.WriteLineAsync(warning).ConfigureAwait(false);
            }
        }

        using var client = Client(context);
        foreach (var id in ids)
        {
            try
            {
                await client.PutAsync("/v1/agent/service/deregister/" + Uri.EscapeDataString(id), null, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error deregistering service \"{id}\": {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            await context.Out.WriteLineAsync($"Deregistered service: {id}").ConfigureAwait(false);
        }

        return 0;
    }
}
