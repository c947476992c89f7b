using ConsulSharp.Agent.Local;
using ConsulSharp.Client;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Cli.Commands.Services;

/// <summary><c>consul services register</c>: from flags or from JSON service definition files.</summary>
public sealed class ServicesRegisterCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _name;
    private readonly Core.Flags.FlagValue<string?> _id;
    private readonly Core.Flags.FlagValue<string?> _address;
    private readonly Core.Flags.FlagValue<int> _port;
    private readonly Core.Flags.FlagValue<string?> _kind;
    private readonly Core.Flags.FlagValue<IReadOnlyList<string>> _tags;
    private readonly Core.Flags.FlagValue<IReadOnlyList<string>> _meta;
    private readonly Core.Flags.FlagValue<IReadOnlyList<string>> _taggedAddresses;

    public ServicesRegisterCommand()
        : base("services register")
    {
        _name = Flags.String("name", null, "Name of the service. This is required if no file is provided.");
        _id = Flags.String("id", null, "ID of the service. This defaults to the name.");
        _address = Flags.String("address", null, "Address of the service.");
        _port = Flags.Int("port", 0, "Port of the service.");
        _kind = Flags.String("kind", null, "The services 'kind'");
        _tags = Flags.Strings("tag", "Tag to add to the service. This flag can be specified multiple times to set multiple tags.");
        _meta = Flags.Strings("meta", "Metadata to set on the service, formatted as key=value. This flag may be specified multiple times to set multiple meta fields.");
        _taggedAddresses = Flags.Strings("tagged-address", "Tagged address to set on the service, formatted as key=value. This flag may be specified multiple times to set multiple addresses.");
    }

    public override string Synopsis => "Register services with the local agent";

    protected override string UsageText => "Usage: consul services register [options] [FILE...]\n\n  Register one or more services using the local agent API.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var services = new List<ServiceDefinition>();
        if (_name.Value is { Length: > 0 } name)
        {
            if (args.Count > 0)
            {
                await context.Err.WriteLineAsync("Service registration requires arguments or -id, not both.").ConfigureAwait(false);
                return 1;
            }

            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in _meta.Value)
            {
                var eq = kv.IndexOf('=', StringComparison.Ordinal);
                meta[eq < 0 ? kv : kv[..eq]] = eq < 0 ? "" : kv[(eq + 1)..];
            }

            var tagged = new Dictionary<string, ServiceAddress>(StringComparer.Ordinal);
            foreach (var kv in _taggedAddresses.Value)
            {
                var eq = kv.IndexOf('=', StringComparison.Ordinal);
                var value = eq < 0 ? "" : kv[(eq + 1)..];
                var colon = value.LastIndexOf(':');
                if (eq < 0 || colon < 0 || !int.TryParse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var p))
                {
                    await context.Err.WriteLineAsync($"Invalid Tagged Address: {kv}").ConfigureAwait(false);
                    return 1;
                }

                tagged[kv[..eq]] = new ServiceAddress(value[..colon], p);
            }

            services.Add(new ServiceDefinition
            {
                Name = name,
                Id = _id.Value ?? "",
                Address = _address.Value ?? "",
                Port = _port.Value,
                Kind = _kind.Value ?? "",
                Tags = _tags.Value,
                Meta = meta,
                TaggedAddresses = tagged,
            });
        }
        else
        {
            if (args.Count == 0)
            {
                await context.Err.WriteLineAsync("Service registration requires at least one argument or flags.").ConfigureAwait(false);
                return 1;
            }

            var warnings = new List<string>();
            try
            {
                var loaded = ServiceFile.Load(args, warnings);
                services.AddRange(loaded);
            }
            catch (Exception ex) when (ex is global::ConsulSharp.Agent.Config.ConfigException or IOException or UnauthorizedAccessException)
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
        foreach (var svc in services)
        {
            try
            {
                await client.PutAsync("/v1/agent/service/register", ServiceFile.ToJson(svc), cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error registering service \"{svc.Name}\": {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            await context.Out.WriteLineAsync($"Registered service: {svc.Name}").ConfigureAwait(false);
        }

        return 0;
    }
}
