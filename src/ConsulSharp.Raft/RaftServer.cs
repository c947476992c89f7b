namespace ConsulSharp.Raft;

/// <summary>A member of the Raft configuration: a stable id, the transport address and its suffrage.</summary>
public sealed record RaftServer(string Id, string Address, ServerSuffrage Suffrage = ServerSuffrage.Voter)
{
    public bool IsVoter => Suffrage == ServerSuffrage.Voter;
}
