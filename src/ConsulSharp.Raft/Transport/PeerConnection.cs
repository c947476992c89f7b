using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ConsulSharp.Raft.Transport;

/// <summary>
/// The outbound stream to one peer: a bounded queue (oldest dropped when the peer is away: Raft retries) and a writer
/// that coalesces everything queued into one socket write. Reconnects with backoff.
/// </summary>
internal sealed class PeerConnection
{
    private readonly TcpRaftTransport _owner;
    private readonly string _address;
    private readonly Channel<RaftMessage> _queue = Channel.CreateBounded<RaftMessage>(new BoundedChannelOptions(4096)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private readonly Task _writer;

    public PeerConnection(TcpRaftTransport owner, string address, CancellationToken stop)
    {
        _owner = owner;
        _address = address;
        _writer = Task.Run(() => RunAsync(stop), CancellationToken.None);
    }

    public void Enqueue(RaftMessage m) => _queue.Writer.TryWrite(m);

    public Task Completion => _writer;

    private async Task RunAsync(CancellationToken stop)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var backoff = TimeSpan.FromMilliseconds(20);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(stop))
                {
                    return;
                }

                using var client = await _owner.ConnectAsync(_address, stop);
                await using var stream = client.GetStream();
                buffer.Clear();
                _owner.WritePreamble(buffer);
                await stream.WriteAsync(buffer.WrittenMemory, stop);
                backoff = TimeSpan.FromMilliseconds(20);
                while (await _queue.Reader.WaitToReadAsync(stop))
                {
                    buffer.Clear();
                    while (buffer.WrittenCount < (1 << 20) && _queue.Reader.TryRead(out var m))
                    {
                        FrameIO.Write(buffer, FrameType.Message, w => MessageCodec.Encode(m, w));
                    }

                    await stream.WriteAsync(buffer.WrittenMemory, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidOperationException or TimeoutException or OperationCanceledException)
            {
                Log.ConnectFailed(_owner.Logger, _address, ex);
                while (_queue.Reader.TryRead(out _))
                {
                    // Drop what was queued for the dead connection; Raft resends what matters.
                }

                try
                {
                    await Task.Delay(backoff, _owner.Time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromMilliseconds(Math.Min(1000, backoff.TotalMilliseconds * 2));
            }
        }
    }
}
