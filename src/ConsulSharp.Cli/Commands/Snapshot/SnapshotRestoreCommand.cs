using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Snapshot;

/// <summary><c>consul snapshot restore FILE</c>: upload a snapshot archive (streamed) for the servers to restore.</summary>
public sealed class SnapshotRestoreCommand : CommandBase
{
    public SnapshotRestoreCommand()
        : base("snapshot restore", serverFlags: true)
    {
    }

    public override string Synopsis => "Restores snapshot of Consul server state";

    protected override string UsageText => """
        Usage: consul snapshot restore [options] FILE

          Restores an atomic, point-in-time snapshot of the state of the Consul servers
          which includes key/value entries, service catalog, prepared queries, sessions,
          and ACLs.

          Restores involve a potentially dangerous low-level Raft operation that is not
          designed to handle server failures during a restore. This command is primarily
          intended to be used when recovering from a disaster, restoring into a fresh
          cluster of Consul servers.

          If ACLs are enabled, a management token must be supplied in order to perform
          snapshot operations.

          To restore a snapshot from the file "backup.snap":

            $ consul snapshot restore backup.snap

          For a full list of options and examples, please see the Consul documentation.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (await SnapshotArgs.FileAsync(args, context).ConfigureAwait(false) is not { } file)
        {
            return 1;
        }

        FileStream input;
        try
        {
            input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await context.Err.WriteLineAsync($"Error opening snapshot file: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (input.ConfigureAwait(false))
        {
            using var client = Client(context);
            try
            {
                await client.PutStreamAsync("/v1/snapshot", new ProgressStream(input, context.Err, "Uploaded", input.Length), cancellationToken).ConfigureAwait(false);
            }
            catch (ConsulApiException ex)
            {
                await context.Err.WriteLineAsync($"Error restoring snapshot: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        await context.Out.WriteLineAsync("Restored snapshot").ConfigureAwait(false);
        return 0;
    }
}
