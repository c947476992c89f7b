using System.Net;
using System.Net.Sockets;
using ConsulSharp.Agent;
using ConsulSharp.Agent.Checks;
using ConsulSharp.Agent.Config;
using ConsulSharp.Agent.Local;
using ConsulSharp.Agent.Logging;
using ConsulSharp.Agent.Metrics;
using ConsulSharp.Dns;
using ConsulSharp.Http.Endpoints;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Hosting;

/// <summary>
/// The composition root as a library: builds and runs one agent (HTTP API, and the subsystems its config enables)
/// from a <see cref="RuntimeConfig"/>. The <c>consul</c> exe and the tests both start agents through it, so several
/// agents can live in one process.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConsulLoggerProvider _logProvider;
    private readonly ILogger _log;
    private readonly AgentHostOptions _options;
    private int _stopped;
    private ConsulServer? _server;
    private DnsServer? _dns;

    private AgentHost(WebApplication app, ConsulLoggerProvider logProvider, AgentHostOptions options)
    {
        _app = app;
        _logProvider = logProvider;
        _options = options;
        Agent = app.Services.GetRequiredService<ConsulAgent>();
        _log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("agent");
    }

    public ConsulAgent Agent { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The HTTP API's bound addresses (ports resolved when the config asked for port 0).</summary>
    public IReadOnlyList<Uri> HttpAddresses { get; private set; } = [];

    /// <summary>Where the agent's own loops (watches, remote exec) reach its API: the plain HTTP listener if there is one.</summary>
    private Uri LocalApiAddress => HttpAddresses.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttp) ?? HttpAddresses[0];

    public Uri HttpAddress => HttpAddresses.Count > 0 ? HttpAddresses[0] : throw new InvalidOperationException("HTTP is disabled");

    /// <summary>The DNS server's bound endpoints, UDP and TCP on each (ports resolved when the config asked for port 0).</summary>
    public IReadOnlyList<IPEndPoint> DnsAddresses => _dns?.Endpoints ?? [];

    public IPEndPoint DnsAddress => DnsAddresses.Count > 0 ? DnsAddresses[0] : throw new InvalidOperationException("DNS is disabled");

    /// <summary>Completes when the agent asked to stop itself (leave, or a fatal error).</summary>
    public Task StopRequested => _stopRequested.Task;

    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<AgentHost> StartAsync(RuntimeConfig config, AgentHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new AgentHostOptions();

        if (!ConsulLogLevels.TryParse(config.LogLevel, out var level))
        {
            throw new ConfigException(ConsulLogLevels.InvalidMessage(config.LogLevel));
        }

        var watches = AgentWatches.Parse(config);
        var https = config.HttpsPort > 0 ? HttpsListener.Options(config.HttpsTls) : null;
        var broadcaster = new LogBroadcaster();
        RotatingFileWriter? file = config.LogFile is { Length: > 0 } path
            ? new RotatingFileWriter(path, config.LogRotateBytes, config.LogRotateDuration, config.LogRotateMaxFiles, options.Time)
            : null;
        var logProvider = new ConsulLoggerProvider(level, config.LogJson, options.LogOutput, file, broadcaster, options.Time);

        var nodeId = NodeIdentity.Resolve(config.NodeId, config.DataDir);
        options.BeforeLogging?.Invoke(nodeId);
        var builder = WebApplication.CreateSlimBuilder(ConsulSharp.Server.Rpc.EmbeddedWebHost.Options());
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logProvider);
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // enforced per endpoint with Consul's messages
            k.Limits.Http2.MaxStreamsPerConnection = 250; // Go's HTTP/2 server default
            if (config.HttpPort >= 0)
            {
                foreach (var addr in config.ClientAddrs)
                {
                    k.Listen(addr, config.HttpPort, l => l.Protocols = HttpProtocols.Http1);
                }
            }

            if (https is not null)
            {
                foreach (var addr in config.ClientAddrs)
                {
                    k.Listen(addr, config.HttpsPort, l =>
                    {
                        // HTTP/2 through ALPN, as Consul's HTTPS listener (http2.ConfigureServer): many blocking queries
                        // can share one connection.
                        l.Protocols = HttpProtocols.Http1AndHttp2;
                        l.UseHttps(https);
                    });
                }
            }
        });

        var services = builder.Services;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        HttpTransport.Configure(services);
        services.AddSingleton(options.Time);
        services.AddSingleton(broadcaster);
        services.AddSingleton<AgentMetrics>();
        services.AddSingleton(sp => new ConsulAgent(config, nodeId, options.Time, sp.GetRequiredService<AgentMetrics>(), broadcaster));
        services.AddSingleton(new HttpApiOptions
        {
            AlwaysPretty = config.DevMode,
            UiEnabled = config.UiEnabled,
            UiContentPath = config.UiContentPath,
            UiDir = config.UiDir,
        });
        services.AddSingleton<IHttpMetrics, HttpMetrics>();
        GossipComponents.Add(services, options.Time);
        services.AddSingleton<IAgentStats, AgentStats>();
        services.AddSingleton<AgentEndpoints>();
        services.AddSingleton<LocalState>();
        services.AddSingleton(sp => new CheckManager(sp.GetRequiredService<LocalState>(), options.Time, sp.GetRequiredService<ILoggerFactory>(), config.NodeName, node => sp.GetService<ConsulServer>()?.State.Current.NodeChecks(node).Value));
        services.AddSingleton<AgentPersistence>();
        services.AddSingleton<LocalAgent>();
        services.AddSingleton<ConfigServices>();
        services.AddSingleton(sp => new AntiEntropy(sp.GetRequiredService<LocalState>(), sp.GetRequiredService<ConsulAgent>(), sp.GetService<ConsulSharp.Server.Rpc.IServerRpc>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<AgentServiceEndpoints>();
        services.AddSingleton<AgentCheckEndpoints>();
        services.AddSingleton<AgentHealthEndpoints>();
        services.AddSingleton<AgentMaintenanceEndpoints>();
        services.AddSingleton<AgentWatches>();
        services.AddSingleton<RemoteExec>();
        services.AddSingleton(sp => new CoordinateSync(sp.GetRequiredService<ConsulAgent>(), sp.GetRequiredService<ConsulSharp.Agent.Membership.AgentGossip>(), sp.GetService<ConsulSharp.Server.Rpc.IServerRpc>(), sp.GetRequiredService<ILoggerFactory>(), options.Time));
        if (config.ServerMode)
        {
            ServerComponents.Add(services, config, nodeId);
        }

        RpcComponents.Add(services, config);
        AclComponents.Add(services, config);
        services.AddSingleton<RouteTable>();
        services.AddSingleton<ApiDispatcher>();
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "text/plain"];
        });

        options.ConfigureServices?.Invoke(services);
        var app = builder.Build();
        var host = new AgentHost(app, logProvider, options);
        host.Agent.LeaveHandler = () => host._stopRequested.TrySetResult();
        host.Agent.ReloadHandler = host.ReloadAsync;

        var routes = app.Services.GetRequiredService<RouteTable>();
        app.Services.GetRequiredService<AgentEndpoints>().Register(routes);
        app.Services.GetRequiredService<AgentServiceEndpoints>().Register(routes);
        app.Services.GetRequiredService<AgentCheckEndpoints>().Register(routes);
        app.Services.GetRequiredService<AgentHealthEndpoints>().Register(routes);
        app.Services.GetRequiredService<AgentMaintenanceEndpoints>().Register(routes);
        new Http.Ui.UiEndpoints(app.Services.GetRequiredService<HttpApiOptions>()).Register(routes);
        AclComponents.Register(app.Services, routes);
        ConsulServer? server = null;
        if (config.ServerMode)
        {
            ServerComponents.Register(app.Services, routes);
            server = app.Services.GetRequiredService<ConsulServer>();
            var blocking = server;
            app.Services.GetRequiredService<AgentMetrics>().RegisterGauge("consul.rpc.queries_blocking", () => blocking.BlockingQueries);
            try
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync().ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
                throw new AgentStartException($"Failed to start Consul server: Failed to start RPC layer: listen tcp {Describe(config.BindAddr.Equals(System.Net.IPAddress.Any) ? config.AdvertiseAddr : config.BindAddr, config.ServerPort)}: bind: address already in use (is another agent running? choose another port with -server-port)", ex);
            }

            host._server = server;
        }

        await GossipComponents.StartAsync(app.Services, routes, cancellationToken).ConfigureAwait(false);

        // As Consul, services and checks (config files, then persisted API registrations) are loaded before the HTTP
        // API listens, so the first request already sees them.
        await host.LoadConfigServicesAsync(config, cancellationToken).ConfigureAwait(false);
        app.Services.GetRequiredService<AntiEntropy>().Start();
        app.Services.GetRequiredService<CoordinateSync>().Start();
        var dispatcher = app.Services.GetRequiredService<ApiDispatcher>();
        app.UseResponseCompression();
        app.Run(dispatcher.InvokeAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new AgentStartException($"Failed to start the HTTP server: listen tcp {Describe(config.ClientAddrs[0], config.HttpPort)}: bind: address already in use (is another agent running? choose another port with -http-port)", ex);
        }

        if (config.DnsPort >= 0)
        {
            await host.StartDnsAsync(config, options, server, cancellationToken).ConfigureAwait(false);
        }

        host.HttpAddresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal))).ToArray() ?? [];
        foreach (var a in host.HttpAddresses)
        {
            if (a.Scheme == Uri.UriSchemeHttps)
            {
                Log.StartingHttps(host._log, $"{a.Host}:{a.Port}");
            }
            else
            {
                Log.StartingHttp(host._log, $"{a.Host}:{a.Port}");
            }
        }

        if (host.HttpAddresses.Count > 0)
        {
            app.Services.GetRequiredService<RemoteExec>().Start(app.Services.GetRequiredService<ConsulSharp.Agent.Membership.AgentGossip>(), host.LocalApiAddress);
            await app.Services.GetRequiredService<AgentWatches>().StartAsync(watches, host.LocalApiAddress).ConfigureAwait(false);
        }

        if (config.PidFile is { Length: > 0 } pidFile)
        {
            await File.WriteAllTextAsync(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        Log.AgentRunning(host._log);
        return host;
    }

    private async Task StartDnsAsync(RuntimeConfig config, AgentHostOptions options, ConsulServer? server, CancellationToken cancellationToken)
    {
        var dnsOptions = (options.ConfigureDns ?? (static d => d))(DnsOptionsFrom(config));
        var state = server?.State;
        var dns = new DnsServer(dnsOptions, () => state?.Current, options.Time, _app.Services.GetRequiredService<ILoggerFactory>(), _app.Services.GetService<ConsulSharp.Server.Rpc.IForwardedRequestHandler>(), DnsAcl(_app.Services));
        try
        {
            await dns.StartAsync(config.ClientAddrs, config.DnsPort, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            await dns.DisposeAsync().ConfigureAwait(false);
            await DisposeAsync().ConfigureAwait(false);
            throw new AgentStartException($"Failed to start the DNS server: listen udp {Describe(config.ClientAddrs[0], config.DnsPort)}: {ex.Message}", ex);
        }

        _dns = dns;
        foreach (var ep in dns.Endpoints)
        {
            Log.StartedDns(_log, Describe(ep.Address, ep.Port), "udp");
            Log.StartedDns(_log, Describe(ep.Address, ep.Port), "tcp");
        }
    }

    /// <summary>DNS's view of the agent's ACLs (docs/subsystems/dns.md, "ACLs").</summary>
    private static DnsAclAuthorizer? DnsAcl(IServiceProvider services) =>
        services.GetService<Http.Routing.IAclResolver>() is { } resolver && services.GetService<Http.Acl.AgentTokenStore>() is { } tokens ? new DnsAclAuthorizer(resolver, tokens) : null;

    /// <summary>The DNS settings of a runtime config (Consul <c>domain</c>, <c>alt_domain</c>, <c>recursors</c>).</summary>
    public static DnsOptions DnsOptionsFrom(RuntimeConfig config) => new()
    {
        Datacenter = config.Datacenter,
        NodeName = config.NodeName,
        Domain = config.Domain,
        AltDomain = config.AltDomain,
        Recursors = config.Recursors.Select(DnsOptions.ParseRecursor).ToArray(),
        RecursorRandom = config.Dns.RecursorStrategy == "random",
        RecursorTimeout = config.Dns.RecursorTimeout,
        NodeTtl = config.Dns.NodeTtl,
        ServiceTtl = config.Dns.ServiceTtl,
        UdpAnswerLimit = config.Dns.UdpAnswerLimit,
        ARecordLimit = config.Dns.ARecordLimit,
        EnableTruncate = config.Dns.EnableTruncate,
        OnlyPassing = config.Dns.OnlyPassing,
        DisableCompression = config.Dns.DisableCompression,
        EnableAdditionalNodeMetaTxt = config.Dns.EnableAdditionalNodeMetaTxt,
        SoaRefresh = config.Dns.Soa.Refresh,
        SoaRetry = config.Dns.Soa.Retry,
        SoaExpire = config.Dns.Soa.Expire,
        SoaMinTtl = config.Dns.Soa.MinTtl,
        AllowStale = config.Dns.AllowStale,
        RemoteCacheTtl = config.Dns.UseCache && config.Dns.CacheMaxAge > TimeSpan.Zero ? config.Dns.CacheMaxAge : TimeSpan.FromSeconds(1),
    };

    /// <summary>Re-reads the config and applies what can change at runtime (log level, services and checks from config
    /// files, ...); reports what cannot. An invalid config throws <see cref="ConfigException"/> and changes nothing.</summary>
    public async Task<IReadOnlyList<string>> ReloadAsync(CancellationToken cancellationToken)
    {
        Log.Reloading(_log);
        var current = Agent.Config;
        var loaded = _options.Reload?.Invoke() ?? current;
        var next = ConfigReloader.KeepRestartOnly(current, loaded);
        var watches = AgentWatches.Parse(next);
        await _app.Services.GetRequiredService<ConfigServices>().ReloadAsync(next, cancellationToken).ConfigureAwait(false);
        if (HttpAddresses.Count > 0)
        {
            await _app.Services.GetRequiredService<AgentWatches>().StartAsync(watches, LocalApiAddress).ConfigureAwait(false);
        }

        var notApplied = ConfigReloader.Diff(current, loaded);
        foreach (var setting in notApplied)
        {
            Log.ReloadNotApplied(_log, setting);
        }

        if (ConsulLogLevels.TryParse(next.LogLevel, out var level))
        {
            _logProvider.MinLevel = level;
        }

        Agent.ReplaceConfig(next);
        return notApplied;
    }

    /// <summary>Registers the services and checks of the config files (Consul <c>loadServices</c>/<c>loadChecks</c>).</summary>
    private async Task LoadConfigServicesAsync(RuntimeConfig config, CancellationToken cancellationToken)
    {
        try
        {
            await _app.Services.GetRequiredService<ConfigServices>().LoadAsync(config, cancellationToken).ConfigureAwait(false);
            await _app.Services.GetRequiredService<LocalAgent>().RestorePersistedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigException ex)
        {
            await DisposeAsync().ConfigureAwait(false);
            throw new AgentStartException(ex.Message, ex);
        }
    }

    /// <summary>Leaves the gossip pools gracefully (peers list this agent as left); <see cref="StopAsync"/> alone does not.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken = default) => GossipComponents.LeaveAsync(_app.Services, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        Log.RequestingShutdown(_log);
        Agent.BeginShutdown();
        Log.RoleDown(_log, Agent.Config.ServerMode ? "consul server" : "consul client");
        Log.ShutdownComplete(_log);
        foreach (var a in HttpAddresses)
        {
            Log.StoppingHttp(_log, $"{a.Host}:{a.Port}");
        }

        if (_dns is not null)
        {
            foreach (var ep in _dns.Endpoints)
            {
                Log.StoppingDns(_log, Describe(ep.Address, ep.Port), "tcp");
                Log.StoppingDns(_log, Describe(ep.Address, ep.Port), "udp");
            }

            await _dns.DisposeAsync().ConfigureAwait(false);
        }

        await _app.Services.GetRequiredService<AgentWatches>().DisposeAsync().ConfigureAwait(false);
        await _app.Services.GetRequiredService<RemoteExec>().DisposeAsync().ConfigureAwait(false);
        await _app.Services.GetRequiredService<CoordinateSync>().DisposeAsync().ConfigureAwait(false);
        await _app.Services.GetRequiredService<AntiEntropy>().DisposeAsync().ConfigureAwait(false);
        await _app.Services.GetRequiredService<LocalAgent>().DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await GossipComponents.StopAsync(_app.Services).ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        if (Agent.Config.PidFile is { Length: > 0 } pidFile)
        {
            File.Delete(pidFile);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _logProvider.Dispose();
    }

    private static string Describe(IPAddress addr, int port) => addr.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{addr}]:{port}" : $"{addr}:{port}";
}
