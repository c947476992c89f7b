namespace ConsulSharp.Gossip.Serf;

/// <summary>A query received from the pool; answer with <see cref="RespondAsync"/> before <see cref="Deadline"/>.</summary>
public sealed class QueryEvent : SerfEvent
{
    private readonly SerfPool _pool;
    private int _responded;

    internal QueryEvent(SerfPool pool, ulong lamportTime, uint id, string name, byte[] payload, string sourceNode, System.Net.IPEndPoint replyTo, DateTimeOffset deadline)
    {
        _pool = pool;
        LamportTime = lamportTime;
        Id = id;
        Name = name;
        Payload = payload;
        SourceNode = sourceNode;
        ReplyTo = replyTo;
        Deadline = deadline;
    }

    public ulong LamportTime { get; }

    public string Name { get; }

    public byte[] Payload { get; }

    public string SourceNode { get; }

    public DateTimeOffset Deadline { get; }

    internal uint Id { get; }

    internal System.Net.IPEndPoint ReplyTo { get; }

    internal byte RelayFactor { get; init; }

    /// <summary>Sends the single allowed response to the querying node. Throws when already responded, too large or too late.</summary>
    public Task RespondAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _responded, 1) != 0)
        {
            throw new InvalidOperationException("response already sent");
        }

        return _pool.RespondAsync(this, payload.ToArray(), cancellationToken);
    }

    public override string ToString() => $"query: {Name}";
}
