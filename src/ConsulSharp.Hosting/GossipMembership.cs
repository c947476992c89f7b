using ConsulSharp.Agent;
using ConsulSharp.Agent.Membership;
using ConsulSharp.Contracts.Agent;
using ConsulSharp.Gossip.Serf;
using ConsulSharp.Http.Endpoints;

namespace ConsulSharp.Hosting;

/// <summary>The members the agent endpoints show, read from the gossip pools (before they start: this agent alone).</summary>
internal sealed class GossipMembership(ConsulAgent agent, AgentGossip gossip) : IMembership
{
    public Member LocalMember()
    {
        if (gossip.Lan is { } lan)
        {
            return ToMember(lan.LocalMember);
        }

        var c = agent.Config;
        return new Member { Name = c.NodeName, Addr = c.AdvertiseAddr.ToString(), Port = c.SerfLanPort, Tags = Sorted(agent.LanTags()), Status = 1 };
    }

    public Contracts.Agent.Coordinate? LanCoordinate() => gossip.Lan?.GetCoordinate() is { IsValid: true } c
        ? new Contracts.Agent.Coordinate { Vec = [.. c.Vec], Error = c.Error, Adjustment = c.Adjustment, Height = c.Height }
        : null;

    public IEnumerable<Member> Members(bool wan)
    {
        var pool = wan ? gossip.Wan : gossip.Lan;
        if (pool is null)
        {
            return wan ? [] : [LocalMember()];
        }

        return pool.Members().Select(ToMember);
    }

    internal static Member ToMember(SerfMember m) => new()
    {
        Name = m.Name,
        Addr = m.Address.ToString(),
        Port = m.Port,
        Tags = Sorted(m.Tags),
        Status = (int)m.Status,
        ProtocolMin = m.ProtocolMin,
        ProtocolMax = m.ProtocolMax,
        ProtocolCur = m.ProtocolCur,
        DelegateMin = m.DelegateMin,
        DelegateMax = m.DelegateMax,
        DelegateCur = m.DelegateCur,
    };

    /// <summary>Tags in key order, as Go's JSON encoder writes a map.</summary>
    private static Dictionary<string, string> Sorted(IReadOnlyDictionary<string, string> tags)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in tags.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            d[k] = v;
        }

        return d;
    }
}
