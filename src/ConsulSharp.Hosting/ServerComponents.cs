using ConsulSharp.Agent.Config;
using ConsulSharp.Http.Endpoints;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server;
using ConsulSharp.Server.Endpoints;
using Microsoft.Extensions.DependencyInjection;

namespace ConsulSharp.Hosting;

/// <summary>Registers server mode (Raft, FSM, state store and the endpoints that need them) in the agent's container.</summary>
internal static class ServerComponents
{
    public static void Add(IServiceCollection services, RuntimeConfig config, string nodeId)
    {
        services.AddSingleton(new ServerOptions
        {
            NodeId = nodeId,
            NodeName = config.NodeName,
            Datacenter = config.Datacenter,
            DataDir = config.DevMode ? null : config.DataDir,
            BindAddr = config.BindAddr.Equals(System.Net.IPAddress.Any) ? config.AdvertiseAddr : config.BindAddr,
            AdvertiseAddr = config.AdvertiseAddr,
            ServerPort = config.ServerPort,
            Bootstrap = config.Bootstrap || config.DevMode,
            BootstrapExpect = config.DevMode ? 0 : config.BootstrapExpect,
            DevMode = config.DevMode,
            RaftMultiplier = config.Performance.RaftMultiplierSet ? config.Performance.RaftMultiplier : 1,
            NodeMeta = config.NodeMeta,
            AclEnabled = config.Acl.Enabled,
            AclInitialManagement = config.Acl.Tokens.InitialManagement,
            SessionTtlMin = config.SessionTtlMin,
            ServerStabilizationTime = config.Autopilot.ServerStabilizationTime,
            Autopilot = new Core.Structs.AutopilotConfig
            {
                CleanupDeadServers = config.Autopilot.CleanupDeadServers,
                LastContactThreshold = config.Autopilot.LastContactThreshold,
                MaxTrailingLogs = (ulong)Math.Max(0, config.Autopilot.MaxTrailingLogs),
                MinQuorum = (uint)Math.Max(0, config.Autopilot.MinQuorum),
                ServerStabilizationTime = config.Autopilot.ServerStabilizationTime,
                RedundancyZoneTag = config.Autopilot.RedundancyZoneTag ?? "",
                DisableUpgradeMigration = config.Autopilot.DisableUpgradeMigration,
                UpgradeVersionTag = config.Autopilot.UpgradeVersionTag ?? "",
            },
        });
        services.AddSingleton<ConsulServer>();
        services.AddSingleton<KvsService>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<TxnService>();
        services.AddSingleton<StatusService>();
        services.AddSingleton<CatalogService>();
        services.AddSingleton<HealthService>();
        services.AddSingleton<CatalogEndpoints>();
        services.AddSingleton<HealthEndpoints>();
        services.AddSingleton<InternalUiEndpoints>();
        services.AddSingleton<KvEndpoints>();
        services.AddSingleton<SessionEndpoints>();
        services.AddSingleton<TxnEndpoints>();
        services.AddSingleton<StatusEndpoints>();
        services.AddSingleton<SnapshotEndpoints>();
        services.AddSingleton<ConsulSharp.Server.Autopilot.AutopilotService>();
        services.AddSingleton<OperatorAutopilotEndpoints>();
        services.AddSingleton<IStatsContributor, RaftStats>();
        services.AddSingleton<PreparedQueryService>().AddSingleton<PreparedQueryEndpoints>();
        services.AddSingleton<CoordinateService>().AddSingleton<CoordinateEndpoints>();
    }

    public static void Register(IServiceProvider services, RouteTable routes)
    {
        services.GetRequiredService<KvEndpoints>().Register(routes);
        services.GetRequiredService<SessionEndpoints>().Register(routes);
        services.GetRequiredService<TxnEndpoints>().Register(routes);
        services.GetRequiredService<StatusEndpoints>().Register(routes);
        services.GetRequiredService<SnapshotEndpoints>().Register(routes);
        services.GetRequiredService<OperatorAutopilotEndpoints>().Register(routes);
        services.GetRequiredService<CatalogEndpoints>().Register(routes);
        services.GetRequiredService<HealthEndpoints>().Register(routes);
        services.GetRequiredService<InternalUiEndpoints>().Register(routes);
        services.GetRequiredService<PreparedQueryEndpoints>().Register(routes);
        services.GetRequiredService<CoordinateEndpoints>().Register(routes);
    }
}
