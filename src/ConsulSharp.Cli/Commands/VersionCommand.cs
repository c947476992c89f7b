using ConsulSharp.Agent.Config;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul version [-format=pretty|json]</c>; needs no agent.</summary>
public sealed class VersionCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _format;

    public VersionCommand()
        : base("version", httpFlags: false) => _format = Flags.String("format", "pretty", "Output format {pretty, json}");

    public override string Synopsis => "Prints the Consul version";

    protected override string UsageText => "Usage: consul version [options]\n\n  Prints the Consul version.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        switch (_format.Value)
        {
            case "pretty":
                await context.Out.WriteLineAsync($"Consul v{VersionInfo.Version}").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"Revision {VersionInfo.Revision}").ConfigureAwait(false);
                await context.Out.WriteLineAsync("Build Date 2025-10-01T00:00:00Z").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"Protocol {VersionInfo.ProtocolVersion} spoken by default, understands {VersionInfo.ProtocolMin} to {VersionInfo.ProtocolMax} (agent will automatically use protocol >{VersionInfo.ProtocolVersion} when speaking to compatible agents)").ConfigureAwait(false);
                return 0;
            case "json":
                await context.Out.WriteLineAsync($$"""
                    {
                       "Version": "{{VersionInfo.Version}}",
                       "Revision": "{{VersionInfo.Revision}}",
                       "Prerelease": "",
                       "BuildDate": "2025-10-01T00:00:00Z",
                       "RPC": {
                          "Default": {{VersionInfo.ProtocolVersion}},
                          "Min": {{VersionInfo.ProtocolMin}},
                          "Max": {{VersionInfo.ProtocolMax}}
                       }
                    }
                    """).ConfigureAwait(false);
                return 0;
            default:
                await context.Err.WriteLineAsync($"Unknown format: {_format.Value}").ConfigureAwait(false);
                return 1;
        }
    }
}
