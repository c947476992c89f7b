using System.Net;
using ConsulSharp.Raft.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Rpc;

/// <summary>
/// The server port (8300): one Kestrel listener whose <see cref="ConnectionMux"/> sends Raft connections (first byte
/// 0x01) to the Raft transport and serves everything else as HTTP/2 without TLS (prior knowledge) for
/// <see cref="ServerRpcService"/>. It is a small web application of its own, separate from the HTTP API, because it
/// must be bound before Raft starts (Raft advertises the bound address) and it serves no API routes.
/// </summary>
public sealed class RpcListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stop;
    private TcpRaftTransport? _raft;

    private RpcListener(WebApplication app, CancellationTokenSource stop, IPEndPoint endPoint)
    {
        _app = app;
        _stop = stop;
        EndPoint = endPoint;
    }

    /// <summary>The bound endpoint (the port resolved when 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Where Raft connections go; until set, they are closed (peers reconnect).</summary>
    public TcpRaftTransport? RaftTransport
    {
        get => Volatile.Read(ref _raft);
        set => Volatile.Write(ref _raft, value);
    }

    public static async Task<RpcListener> StartAsync(IPEndPoint bind, ServerRpcService service, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        var stop = new CancellationTokenSource();
        RpcListener? self = null;
        var log = loggers.CreateLogger("agent.server.rpc");
        var mux = new ConnectionMux(() => self?.RaftTransport, log, stop.Token);
        var builder = WebApplication.CreateSlimBuilder(EmbeddedWebHost.Options());
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Listen(bind, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                l.Use(mux.Wrap);
            });
        });
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
            o.EnableDetailedErrors = true;
        });
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<ServerRpcService>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        self = new RpcListener(app, stop, new IPEndPoint(bind.Address, port));
        Log.Listening(log, self.EndPoint.ToString());
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
        }
    }

    private sealed class ForwardingLoggerProvider(ILoggerFactory loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
