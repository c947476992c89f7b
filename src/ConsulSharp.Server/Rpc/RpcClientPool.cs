using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ConsulSharp.Server.Rpc.Wire;
using Grpc.Core;
using Grpc.Net.Client;

namespace ConsulSharp.Server.Rpc;

/// <summary>
/// One gRPC channel (HTTP/2 without TLS, prior knowledge) per server address, shared by every caller of this agent:
/// followers forwarding to the leader, client agents forwarding to servers, bootstrap-expect probing peers.
/// </summary>
public sealed class RpcClientPool : IDisposable
{
    private readonly ConcurrentDictionary<string, (GrpcChannel Channel, ServerRpc.ServerRpcClient Client)> _channels = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>How long opening a connection to a server may take before the call fails over.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The client for a server's RPC address (<c>ip:port</c>, as Raft and the <c>port</c> tag give it).</summary>
    public ServerRpc.ServerRpcClient For(string address)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _channels.GetOrAdd(address, Create).Client;
    }

    public ServerRpc.ServerRpcClient For(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return For(endPoint.ToString());
    }

    /// <summary>
    /// True when the call certainly did not reach the server (the connection could not be opened), so even a write may
    /// be sent to another server; <paramref name="idempotent"/> calls (reads) are also retried after a broken connection.
    /// </summary>
    public static bool CanRetry(RpcException ex, bool idempotent)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex.StatusCode != StatusCode.Unavailable)
        {
            return false;
        }

        if (idempotent)
        {
            return true;
        }

        for (Exception? e = ex.Status.DebugException; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } || e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut })
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var (channel, _) in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
    }

    private (GrpcChannel, ServerRpc.ServerRpcClient) Create(string address)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            // While requests are in flight (forwarded writes, blocking queries), a server that vanished without closing
            // the connection (killed host, partition) is noticed within ~10 s rather than at TCP's retransmission
            // timeout; the request then fails over like any other RPC error.
            KeepAlivePingDelay = TimeSpan.FromSeconds(5),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        var channel = GrpcChannel.ForAddress("http://" + address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
        return (channel, new ServerRpc.ServerRpcClient(channel));
    }
}
