namespace ConsulSharp.Gossip.Serf;

/// <summary>Parameters of <see cref="SerfPool.QueryAsync"/>. A null <see cref="Timeout"/> uses serf's default
/// (GossipInterval × 16 × ceil(log10(N + 1))).</summary>
public sealed record SerfQueryOptions
{
    public IReadOnlyList<string>? FilterNodes { get; init; }

    /// <summary>Tag name → regular expression the member's tag value must match.</summary>
    public IReadOnlyDictionary<string, string>? FilterTags { get; init; }

    public bool RequestAck { get; init; }

    /// <summary>Each responder also sends its ack/response through this many random other members (0-5).</summary>
    public byte RelayFactor { get; init; }

    public TimeSpan? Timeout { get; init; }
}
