using ConsulSharp.Agent;
using ConsulSharp.Contracts.Agent;
using ConsulSharp.Http.Endpoints;

namespace ConsulSharp.Hosting;

/// <summary>The membership view before gossip joins: this agent alone, alive, with Consul's tags.</summary>
internal sealed class LocalMembership(ConsulAgent agent) : IMembership
{
    public Member LocalMember()
    {
        var c = agent.Config;
        return new Member
        {
            Name = c.NodeName,
            Addr = c.AdvertiseAddr.ToString(),
            Port = c.SerfLanPort,
            Tags = agent.LanTags(),
            Status = 1,
        };
    }

    public IEnumerable<Member> Members(bool wan)
    {
        var self = LocalMember();
        if (wan)
        {
            if (!agent.Config.ServerMode)
            {
                return [];
            }

            return [self with { Name = $"{self.Name}.{agent.Config.Datacenter}", Port = agent.Config.SerfWanPort }];
        }

        return [self];
    }
}
