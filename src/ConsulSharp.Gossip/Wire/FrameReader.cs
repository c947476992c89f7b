namespace ConsulSharp.Gossip.Wire;

/// <summary>
/// Buffered reader for memberlist streams, which have no overall length when unencrypted: msgpack objects are read
/// one at a time by measuring them as bytes arrive, never waiting for EOF.
/// </summary>
internal sealed class FrameReader(Stream stream, int maxObjectSize)
{
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public async ValueTask<byte> ReadByteAsync(CancellationToken cancellationToken)
    {
        await FillAsync(1, cancellationToken);
        return _buffer[_start++];
    }

    public async ValueTask<byte> PeekByteAsync(CancellationToken cancellationToken)
    {
        await FillAsync(1, cancellationToken);
        return _buffer[_start];
    }

    public async ValueTask<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        if (count < 0 || count > maxObjectSize)
        {
            throw new GossipFormatException("stream: length out of range");
        }

        await FillAsync(count, cancellationToken);
        var result = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return result;
    }

    /// <summary>Reads exactly one complete msgpack object and returns its bytes.</summary>
    public async ValueTask<byte[]> ReadObjectAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end > _start && MsgReader.TryMeasure(_buffer.AsSpan(_start, _end - _start), out var length))
            {
                var result = _buffer.AsSpan(_start, length).ToArray();
                _start += length;
                return result;
            }

            if (_end - _start >= maxObjectSize)
            {
                throw new GossipFormatException("stream: object too large");
            }

            await FillAsync(_end - _start + 1, cancellationToken);
        }
    }

    private async ValueTask FillAsync(int needed, CancellationToken cancellationToken)
    {
        while (_end - _start < needed)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_buffer.Length < needed)
            {
                Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
            }
            else if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException("stream closed by peer");
            }

            _end += read;
        }
    }
}
