using System.Globalization;
using ConsulSharp.Client;
using ConsulSharp.Contracts.Snapshot;

namespace ConsulSharp.Cli.Commands.Snapshot;

/// <summary><c>consul snapshot save FILE</c>: download a snapshot, verify it, then move it into place.</summary>
public sealed class SnapshotSaveCommand : CommandBase
{
    public SnapshotSaveCommand()
        : base("snapshot save", serverFlags: true)
    {
    }

    public override string Synopsis => "Saves snapshot of Consul server state";

    protected override string UsageText => """
        Usage: consul snapshot save [options] FILE

          Retrieves an atomic, point-in-time snapshot of the state of the Consul servers
          which includes key/value entries, service catalog, prepared queries, sessions,
          and ACLs.

          If ACLs are enabled, a management token must be supplied in order to perform
          snapshot operations.

          To create a snapshot from the leader server and save it to "backup.snap":

            $ consul snapshot save backup.snap

          To create a potentially stale snapshot from any available server (useful if no
          leader is available):

            $ consul snapshot save -stale backup.snap

          For a full list of options and examples, please see the Consul documentation.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (await SnapshotArgs.FileAsync(args, context).ConfigureAwait(false) is not { } file)
        {
            return 1;
        }

        using var client = Client(context);
        HttpResponseMessage res;
        try
        {
            res = await client.StreamAsync("/v1/snapshot" + (Http!.Stale ? "?stale" : ""), cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync($"Error saving snapshot: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var unverified = file + ".unverified";
        ulong index;
        using (res)
        {
            index = res.Headers.TryGetValues("X-Consul-Index", out var values) && ulong.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0;
            try
            {
                var body = await res.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var output = new FileStream(unverified, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    var progress = new ProgressStream(output, context.Err, "Saved", res.Content.Headers.ContentLength);
                    await body.CopyToAsync(progress, 1 << 16, cancellationToken).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    output.Flush(flushToDisk: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException)
            {
                File.Delete(unverified);
                await context.Err.WriteLineAsync($"Error writing unverified snapshot file: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        try
        {
            var check = new FileStream(unverified, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (check.ConfigureAwait(false))
            {
                await SnapshotArchive.ReadAsync(check, Stream.Null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SnapshotArchiveException ex)
        {
            File.Delete(unverified);
            await context.Err.WriteLineAsync($"Error verifying snapshot file: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        try
        {
            File.Move(unverified, file, overwrite: true);
        }
        catch (IOException ex)
        {
            await context.Err.WriteLineAsync($"Error renaming \"{unverified}\" to \"{file}\": {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await context.Out.WriteLineAsync($"Saved and verified snapshot to index {index.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
        return 0;
    }
}
