namespace ConsulSharp.Raft.Transport;

/// <summary>Reads a streamed snapshot's chunk frames from a connection until the end frame.</summary>
internal sealed class SnapshotReadStream(Stream connection) : Stream
{
    private readonly byte[] _header = new byte[5];
    private byte[] _chunk = [];
    private int _offset;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset >= _chunk.Length)
        {
            if (_ended)
            {
                return 0;
            }

            var frame = await FrameIO.ReadAsync(connection, _header, cancellationToken) ?? throw new EndOfStreamException("snapshot stream ended early");
            switch (frame.Type)
            {
                case FrameType.SnapshotChunk:
                    _chunk = frame.Payload;
                    _offset = 0;
                    break;
                case FrameType.SnapshotEnd:
                    _ended = true;
                    return 0;
                default:
                    throw new InvalidDataException($"unexpected frame {frame.Type} inside a snapshot");
            }
        }

        var n = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Consumes the rest (up to the end frame) so the ack can follow.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buf = new byte[64 * 1024];
        while (await ReadAsync(buf, cancellationToken) > 0)
        {
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
