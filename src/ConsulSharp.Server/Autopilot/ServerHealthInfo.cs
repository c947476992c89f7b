namespace ConsulSharp.Server.Autopilot;

/// <summary>One server's health as the leader sees it (Consul's <c>autopilot.ServerHealth</c>).</summary>
public sealed record ServerHealthInfo
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Address { get; init; }

    /// <summary>Gossip status of the server's node: alive, leaving, left, failed or none (not in the pool).</summary>
    public required string SerfStatus { get; init; }

    public required string Version { get; init; }

    public bool Leader { get; init; }

    public bool Voter { get; init; }

    /// <summary>Time since the leader last heard from it (0 for the leader; null when never).</summary>
    public TimeSpan? LastContact { get; init; }

    public ulong LastTerm { get; init; }

    public ulong LastIndex { get; init; }

    public bool Healthy { get; init; }

    /// <summary>When <see cref="Healthy"/> last changed (first observation on this leader).</summary>
    public DateTimeOffset StableSince { get; init; }
}
