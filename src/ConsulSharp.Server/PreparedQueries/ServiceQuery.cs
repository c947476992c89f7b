namespace ConsulSharp.Server.PreparedQueries;

/// <summary>Consul <c>ServiceQuery</c>: which healthy instances of a service a prepared query answers.</summary>
public sealed record ServiceQuery
{
    public string Service { get; init; } = "";

    public QueryFailoverOptions Failover { get; init; } = new();

    /// <summary>Drop instances with any non-passing check (default: only critical ones are dropped).</summary>
    public bool OnlyPassing { get; init; }

    public IReadOnlyList<string>? IgnoreCheckIds { get; init; }

    /// <summary>Sort near this node (<c>_agent</c> = the executing agent) unless the request says <c>?near</c>.</summary>
    public string Near { get; init; } = "";

    /// <summary>Required tags; a leading <c>!</c> forbids the tag. Case-insensitive.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyDictionary<string, string>? NodeMeta { get; init; }

    public IReadOnlyDictionary<string, string>? ServiceMeta { get; init; }

    public string Peer { get; init; } = "";

    /// <summary>Consul <c>Connect.Enabled</c>: answer Connect-capable endpoints (no Connect support yet: no instances).</summary>
    public bool Connect { get; init; }
}
