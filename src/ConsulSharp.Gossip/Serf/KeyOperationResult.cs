namespace ConsulSharp.Gossip.Serf;

/// <summary>Outcome of a pool-wide key operation (serf's internal <c>_serf_*-key</c> queries).</summary>
public sealed record KeyOperationResult(
    int NumNodes,
    int NumResponses,
    IReadOnlyDictionary<string, string> Errors,
    IReadOnlyDictionary<string, int> Keys,
    IReadOnlyDictionary<string, int> PrimaryKeys)
{
    public bool Success => Errors.Count == 0 && NumResponses >= NumNodes;
}
