namespace ConsulSharp.Raft.Storage;

/// <summary>Durable current term and vote. <see cref="Save"/> is atomic and durable on return.</summary>
public interface IStableStore
{
    (ulong Term, string? VotedFor) Load();

    void Save(ulong term, string? votedFor);
}
