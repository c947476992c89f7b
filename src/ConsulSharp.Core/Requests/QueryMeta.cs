namespace ConsulSharp.Core.Requests;

/// <summary>What a read answers besides its result; it becomes the X-Consul-* headers.</summary>
public sealed record QueryMeta
{
    public ulong Index { get; init; }

    public TimeSpan LastContact { get; init; }

    public bool KnownLeader { get; init; } = true;

    public ConsistencyMode ConsistencyLevel { get; init; }

    public static string ConsistencyName(ConsistencyMode mode) => mode switch
    {
        ConsistencyMode.Stale => "stale",
        ConsistencyMode.Consistent => "consistent",
        _ => "leader",
    };
}
