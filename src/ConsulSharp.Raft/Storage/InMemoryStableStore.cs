namespace ConsulSharp.Raft.Storage;

public sealed class InMemoryStableStore : IStableStore
{
    private readonly Lock _lock = new();
    private (ulong, string?) _state;

    public (ulong Term, string? VotedFor) Load()
    {
        lock (_lock)
        {
            return _state;
        }
    }

    public void Save(ulong term, string? votedFor)
    {
        lock (_lock)
        {
            _state = (term, votedFor);
        }
    }
}
