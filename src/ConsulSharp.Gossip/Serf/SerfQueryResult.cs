namespace ConsulSharp.Gossip.Serf;

/// <summary>What came back for a query before its deadline: acknowledging nodes and responses by node name.</summary>
public sealed record SerfQueryResult(IReadOnlyList<string> Acks, IReadOnlyDictionary<string, byte[]> Responses);
