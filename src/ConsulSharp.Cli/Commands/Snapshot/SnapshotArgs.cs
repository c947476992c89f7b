using System.Globalization;

namespace ConsulSharp.Cli.Commands.Snapshot;

/// <summary>The single FILE argument of the snapshot commands, with Consul's messages.</summary>
internal static class SnapshotArgs
{
    public static async Task<string?> FileAsync(IReadOnlyList<string> args, CliContext context)
    {
        switch (args.Count)
        {
            case 0:
                await context.Err.WriteLineAsync("Missing FILE argument").ConfigureAwait(false);
                return null;
            case 1:
                return args[0];
            default:
                await context.Err.WriteLineAsync($"Too many arguments (expected 1, got {args.Count.ToString(CultureInfo.InvariantCulture)})").ConfigureAwait(false);
                return null;
        }
    }
}
