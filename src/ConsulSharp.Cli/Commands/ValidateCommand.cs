using ConsulSharp.Agent.Config;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul validate [-quiet] [-config-format=hcl|json] FILE_OR_DIR...</c>: the agent's own loading and checks.</summary>
public sealed class ValidateCommand : ICommand
{
    public string Name => "validate";

    public string Synopsis => ConfigValidator.Synopsis;

    public string Help => ConfigValidator.Help;

    public Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ConfigValidator.Run(args, context.Out, context.Err));
}
