using ConsulSharp.Agent.Config;
using ConsulSharp.Http.Forwarding;
using ConsulSharp.Server;
using ConsulSharp.Server.Cluster;
using ConsulSharp.Server.Rpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Hosting;

/// <summary>
/// Registers server RPC for every agent: the gRPC client pool, the server router (client mode), HTTP request
/// forwarding (client → server, follower → leader), the handler that runs requests forwarded here, and the
/// <see cref="IServerRpc"/> anti-entropy writes through (in-process on servers, RPC on clients).
/// </summary>
internal static class RpcComponents
{
    public static void Add(IServiceCollection services, RuntimeConfig config)
    {
        services.AddSingleton<RpcClientPool>();
        services.AddSingleton(sp => new ServerRouter(
            sp.GetRequiredService<IClusterMembership>(),
            sp.GetRequiredService<RpcClientPool>(),
            config.Datacenter,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("agent.client")));
        services.AddSingleton(sp => new RequestForwarder(
            sp.GetRequiredService<RpcClientPool>(),
            sp.GetRequiredService<ServerRouter>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<ConsulServer>()));
        services.AddSingleton<IForwardedRequestHandler>(sp => new ForwardedRequestExecutor(sp));
        if (config.ServerMode)
        {
            services.AddSingleton<IServerRpc>(sp => new LocalServerRpc(sp.GetRequiredService<ConsulServer>()));
        }
        else
        {
            services.AddSingleton<IServerRpc>(sp => new RemoteServerRpc(sp.GetRequiredService<ServerRouter>()));
        }
    }
}
