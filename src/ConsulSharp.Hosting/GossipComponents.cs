using System.Net.Sockets;
using ConsulSharp.Agent;
using ConsulSharp.Agent.Local;
using ConsulSharp.Agent.Membership;
using ConsulSharp.Http.Endpoints;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server;
using ConsulSharp.Server.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Hosting;

/// <summary>Registers the gossip pools (<see cref="AgentGossip"/>) as the agent's membership and their endpoints.</summary>
internal static class GossipComponents
{
    public static void Add(IServiceCollection services, TimeProvider time)
    {
        services.AddSingleton(sp => new AgentGossip(
            sp.GetRequiredService<ConsulAgent>(),
            sp.GetRequiredService<ILoggerFactory>(),
            time,
            () => sp.GetService<ConsulServer>(),
            sp.GetRequiredService<LocalState>()));
        services.AddSingleton<IClusterMembership>(sp => sp.GetRequiredService<AgentGossip>());
        services.AddSingleton<IMembership, GossipMembership>();
        services.AddSingleton<GossipEndpoints>();
    }

    /// <summary>Registers the routes and binds the pools; the joins the config asks for run in the background.</summary>
    public static async Task StartAsync(IServiceProvider services, RouteTable routes, CancellationToken cancellationToken)
    {
        services.GetRequiredService<GossipEndpoints>().Register(routes);
        var gossip = services.GetRequiredService<AgentGossip>();
        try
        {
            await gossip.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            await gossip.DisposeAsync().ConfigureAwait(false);
            var c = services.GetRequiredService<ConsulAgent>().Config;
            var pool = gossip.Wan is null && c.ServerMode ? "WAN" : "LAN";
            var port = pool == "WAN" ? c.SerfWanPort : c.SerfLanPort;
            var addr = c.DevMode ? "127.0.0.1" : (pool == "WAN" ? c.SerfBindAddrWan : c.SerfBindAddrLan).ToString();
            throw new AgentStartException($"Failed to start Consul {(c.ServerMode ? "server" : "client")}: Failed to start {pool} Serf: Failed to create memberlist: Could not set up network transport: failed to obtain an address: Failed to start TCP listener on \"{addr}\" port {port}: listen tcp {addr}:{port}: bind: {ex.Message}", ex);
        }
    }

    /// <summary>Graceful leave of both pools (the agent's <c>leave</c>, and signals with leave on).</summary>
    public static Task LeaveAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<AgentGossip>().LeaveAsync(cancellationToken);

    /// <summary>Stops the pools without leaving (peers see this agent fail unless it left first).</summary>
    public static ValueTask StopAsync(IServiceProvider services) => services.GetRequiredService<AgentGossip>().DisposeAsync();
}
