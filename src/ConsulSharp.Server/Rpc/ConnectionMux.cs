using System.IO.Pipelines;
using ConsulSharp.Raft.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Rpc;

/// <summary>
/// Kestrel connection middleware on the server port: it peeks at the first byte of each connection, as Consul's RPC
/// listener reads its type byte. <see cref="TcpRaftTransport.ProtocolByte"/> (0x01) hands the rest of the connection
/// to the Raft transport; anything else (an HTTP/2 preface starts with 'P') goes on to HTTP/2 and gRPC untouched.
/// </summary>
internal sealed class ConnectionMux(Func<TcpRaftTransport?> raft, ILogger log, CancellationToken stopping)
{
    public ConnectionDelegate Wrap(ConnectionDelegate next) => context => OnConnectionAsync(context, next);

    private async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next)
    {
        var input = context.Transport.Input;
        ReadResult read;
        try
        {
            read = await input.ReadAsync(context.ConnectionClosed).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            return;
        }

        if (read.Buffer.IsEmpty)
        {
            input.AdvanceTo(read.Buffer.Start);
            return;
        }

        var first = read.Buffer.FirstSpan[0];
        if (first != TcpRaftTransport.ProtocolByte)
        {
            // Not consumed, not examined: HTTP/2 reads the same bytes again.
            input.AdvanceTo(read.Buffer.Start, read.Buffer.Start);
            await next(context).ConfigureAwait(false);
            return;
        }

        input.AdvanceTo(read.Buffer.GetPosition(1));
        var transport = raft();
        if (transport is null)
        {
            return; // Raft not started yet (or stopped): the peer reconnects.
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.ConnectionClosed, stopping);
        await using var stream = new DuplexPipeStream(context.Transport);
        try
        {
            await transport.HandleConnectionAsync(stream, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or OperationCanceledException or EndOfStreamException or ConnectionResetException or InvalidOperationException or ObjectDisposedException)
        {
            Log.RaftConnectionEnded(log, ex.Message);
        }
    }
}
