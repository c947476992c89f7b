using ConsulSharp.Contracts.Agent;

namespace ConsulSharp.Http.Endpoints;

/// <summary>The gossip view the agent endpoints show; until gossip runs, the agent alone.</summary>
public interface IMembership
{
    Member LocalMember();

    IEnumerable<Member> Members(bool wan);
}
