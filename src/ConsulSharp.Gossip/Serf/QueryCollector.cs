using System.Collections.Concurrent;

namespace ConsulSharp.Gossip.Serf;

/// <summary>Collects acks and responses for one outstanding query until its deadline.</summary>
internal sealed class QueryCollector(uint id)
{
    public uint Id { get; } = id;

    public ConcurrentDictionary<string, bool> Acks { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, byte[]> Responses { get; } = new(StringComparer.Ordinal);

    public volatile bool Finished;
}
