using ConsulSharp.Contracts.Agent;

namespace ConsulSharp.Http.Endpoints;

/// <summary>The gossip view the agent endpoints show; until gossip runs, the agent alone.</summary>
public interface IMembership
{
    Member LocalMember();

    IEnumerable<Member> Members(bool wan);

    /// <summary>This agent's LAN network coordinate (<c>Coord</c> in <c>/v1/agent/self</c>); null when disabled.</summary>
    Coordinate? LanCoordinate() => null;
}
