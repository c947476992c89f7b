namespace ConsulSharp.Core.Requests;

/// <summary>
/// What every read carries through the whole path (HTTP or DNS, RPC, server): datacenter, token, consistency,
/// filter and blocking parameters.
/// </summary>
public sealed record QueryOptions
{
    public static QueryOptions Default { get; } = new();

    public string Datacenter { get; init; } = "";

    public string Token { get; init; } = "";

    public string Filter { get; init; } = "";

    public ConsistencyMode Consistency { get; init; }

    public TimeSpan MaxStale { get; init; }

    /// <summary>Blocking: answer once the result's index exceeds this (0 = answer at once).</summary>
    public ulong MinQueryIndex { get; init; }

    /// <summary>Blocking: the longest wait before answering with the unchanged result.</summary>
    public TimeSpan MaxQueryTime { get; init; }

    public bool AllowStale => Consistency == ConsistencyMode.Stale;
}
