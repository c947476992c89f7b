using System.Security.Cryptography;

namespace ConsulSharp.Cli.Commands;

/// <summary><c>consul keygen</c>: 32 random bytes, standard base64 (a gossip encryption key).</summary>
public sealed class KeygenCommand : CommandBase
{
    public KeygenCommand()
        : base("keygen", httpFlags: false)
    {
    }

    public override string Synopsis => "Generates a new encryption key";

    protected override string UsageText => "Usage: consul keygen\n\n  Generates a new 32-byte encryption key that can be used to configure the\n  agent to encrypt traffic. The output of this command is already\n  in the proper format that the agent expects.";

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        await context.Out.WriteLineAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).ConfigureAwait(false);
        return 0;
    }
}
