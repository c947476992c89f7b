using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsulSharp.Cli.Output;
using ConsulSharp.Contracts.Snapshot;
using ConsulSharp.State;

namespace ConsulSharp.Cli.Commands.Snapshot;

/// <summary>
/// <c>consul snapshot inspect FILE</c>: the archive's metadata and its records per type (read locally, no agent). The
/// node, service and check sections count as Consul's <c>Register</c> records; sizes are of ConsulSharp's state encoding.
/// </summary>
public sealed class SnapshotInspectCommand : CommandBase
{
    private readonly Core.Flags.FlagValue<string?> _format;

    public SnapshotInspectCommand()
        : base("snapshot inspect", httpFlags: false)
    {
        Flags.Bool("kvdetails", false, "Provides a detailed KV space usage breakdown for any KV data that's been stored.");
        Flags.Int("kvdepth", 2, "Can only be used with -kvdetails. The key prefix depth used to breakdown KV store data. Defaults to 2.");
        Flags.String("kvfilter", null, "Can only be used with -kvdetails. Limits KV key breakdown using this prefix filter.");
        _format = Flags.String("format", "pretty", "Output format {pretty|json}");
    }

    public override string Synopsis => "Displays information about a Consul snapshot file";

    protected override string UsageText => """
        Usage: consul snapshot inspect [options] FILE

          Displays information about a snapshot file on disk.

          To inspect the file "backup.snap":

            $ consul snapshot inspect backup.snap

          For a full list of options and examples, please see the Consul documentation.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (await SnapshotArgs.FileAsync(args, context).ConfigureAwait(false) is not { } file)
        {
            return 1;
        }

        if (_format.Value is not ("pretty" or "json"))
        {
            await context.Err.WriteLineAsync($"Error outputting enhanced snapshot data: Unknown format: {_format.Value}").ConfigureAwait(false);
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

        var scratchPath = Path.Combine(Path.GetTempPath(), "consul-inspect-" + Guid.NewGuid().ToString("N"));
        var scratch = new FileStream(scratchPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (input.ConfigureAwait(false))
        await using (scratch.ConfigureAwait(false))
        {
            SnapshotMeta meta;
            try
            {
                meta = await SnapshotArchive.ReadAsync(new ProgressStream(input, context.Err, "Read", input.Length), scratch, cancellationToken).ConfigureAwait(false);
            }
            catch (SnapshotArchiveException ex)
            {
                await context.Err.WriteLineAsync($"Error reading snapshot: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            await scratch.FlushAsync(cancellationToken).ConfigureAwait(false);
            scratch.Position = 0;
            SnapshotStats stats;
            try
            {
                stats = StateStore.InspectSnapshot(scratch);
            }
            catch (InvalidDataException ex)
            {
                await context.Err.WriteLineAsync($"Error extracting snapshot data: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            var records = stats.Records
                .GroupBy(r => r.Name is "Nodes" or "Services" or "Checks" ? "Register" : r.Name, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Count: g.Sum(r => r.Count), Size: g.Sum(r => r.Size)))
                .Where(r => r.Count > 0)
                .OrderByDescending(r => r.Size).ThenBy(r => r.Name, StringComparer.Ordinal)
                .ToList();
            var output = _format.Value == "json" ? Json(meta, records, stats.TotalSize) : Pretty(meta, records, stats.TotalSize);
            await context.Out.WriteLineAsync(output).ConfigureAwait(false);
            return 0;
        }
    }

    internal static string Pretty(SnapshotMeta meta, IReadOnlyList<(string Name, int Count, long Size)> records, long total)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $" ID\t{meta.ID}");
        sb.Append(inv, $"\n Size\t{meta.Size}");
        sb.Append(inv, $"\n Index\t{meta.Index}");
        sb.Append(inv, $"\n Term\t{meta.Term}");
        sb.Append(inv, $"\n Version\t{meta.Version}");
        sb.Append('\n');
        sb.Append("\n Type\tCount\tSize\t\n");
        sb.Append(" ----\t----\t----\t");
        foreach (var r in records)
        {
            sb.Append(inv, $"\n {r.Name}\t{r.Count}\t{ByteSize(r.Size)}\t");
        }

        sb.Append("\n ----\t----\t----\t");
        sb.Append(inv, $"\n Total\t\t{ByteSize(total)}\t");
        return TabWriter.Format(sb.ToString(), 8, 6);
    }

    private static string Json(SnapshotMeta meta, IReadOnlyList<(string Name, int Count, long Size)> records, long total)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, IndentSize = 3 }))
        {
            w.WriteStartObject();
            w.WriteStartObject("Meta");
            w.WriteString("ID", meta.ID);
            w.WriteNumber("Size", meta.Size);
            w.WriteNumber("Index", meta.Index);
            w.WriteNumber("Term", meta.Term);
            w.WriteNumber("Version", meta.Version);
            w.WriteEndObject();
            w.WriteStartArray("Stats");
            foreach (var r in records)
            {
                w.WriteStartObject();
                w.WriteString("Name", r.Name);
                w.WriteNumber("Sum", r.Size);
                w.WriteNumber("Count", r.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNull("StatsKV");
            w.WriteNumber("TotalSize", total);
            w.WriteNumber("TotalSizeKV", 0);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Consul's inspect <c>ByteSize</c>: B/KB/MB/GB/TB in powers of 1024, one decimal with ".0" trimmed.</summary>
    internal static string ByteSize(long bytes)
    {
        if (bytes == 0)
        {
            return "0";
        }

        (string Unit, double Div) u = bytes switch
        {
            >= 1L << 40 => ("TB", 1L << 40),
            >= 1L << 30 => ("GB", 1L << 30),
            >= 1L << 20 => ("MB", 1L << 20),
            >= 1L << 10 => ("KB", 1L << 10),
            _ => ("B", 1),
        };
        var text = (bytes / u.Div).ToString("F1", CultureInfo.InvariantCulture);
        if (text.EndsWith(".0", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        return text + u.Unit;
    }
}
