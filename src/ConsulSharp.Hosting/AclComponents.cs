using ConsulSharp.Agent.Config;
using ConsulSharp.Http.Acl;
using ConsulSharp.Http.Endpoints;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server;
using ConsulSharp.Server.Rpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Hosting;

/// <summary>Registers ACL token resolution (every agent), the agent token endpoint, and on servers the
/// <c>/v1/acl/*</c> endpoints (see docs/subsystems/acl.md).</summary>
internal static class AclComponents
{
    public static void Add(IServiceCollection services, RuntimeConfig config)
    {
        services.AddSingleton(sp =>
        {
            var agent = sp.GetRequiredService<Agent.ConsulAgent>();
            return new AgentTokenStore(() => agent.Config.Acl.Tokens, config.Acl.EnableTokenPersistence && !config.DevMode ? config.DataDir : null);
        });
        services.AddSingleton(sp => new AclResolver(
            sp.GetRequiredService<Agent.ConsulAgent>(),
            sp.GetRequiredService<AgentTokenStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<ConsulServer>(),
            sp.GetService<IForwardedRequestHandler>()));
        services.AddSingleton<IAclResolver>(sp => sp.GetRequiredService<AclResolver>());
        services.AddSingleton<AgentTokenEndpoints>();
        if (config.ServerMode)
        {
            services.AddSingleton<Server.Endpoints.AclService>();
            services.AddSingleton<AclEndpoints>();
        }
    }

    public static void Register(IServiceProvider services, RouteTable routes)
    {
        services.GetRequiredService<AgentTokenEndpoints>().Register(routes);
        services.GetService<AclEndpoints>()?.Register(routes);
    }
}
