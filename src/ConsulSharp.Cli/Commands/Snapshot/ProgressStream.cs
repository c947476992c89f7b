using System.Globalization;

namespace ConsulSharp.Cli.Commands.Snapshot;

/// <summary>
/// A pass-through stream that reports on stderr every <see cref="Step"/> bytes (large snapshots only), so a long save or
/// restore shows it is moving. Reporting depends on bytes, not on time, so output is deterministic.
/// </summary>
internal sealed class ProgressStream(Stream inner, TextWriter err, string verb, long? total) : Stream
{
    public const long Step = 64L * 1024 * 1024;

    private long _done;
    private long _nextReport = Step;

    public long Transferred => _done;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position { get => _done; set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Count(count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private int Count(int n)
    {
        _done += n;
        while (_done >= _nextReport)
        {
            var mib = (_nextReport / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);
            err.WriteLine(total is { } t and > 0
                ? $"{verb} {mib} MiB of {(t / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MiB ({(100 * _nextReport / t).ToString(CultureInfo.InvariantCulture)}%)..."
                : $"{verb} {mib} MiB...");
            _nextReport += Step;
        }

        return n;
    }
}
