namespace ConsulSharp.Server.PreparedQueries;

/// <summary>The per-call parameters of an execute (Consul <c>PreparedQueryExecuteRequest</c> minus the query name).</summary>
public sealed record ExecuteRequest
{
    /// <summary>The executing agent's node (what <c>_agent</c> means).</summary>
    public string AgentNode { get; init; } = "";

    /// <summary>The executing agent's network segment (<c>${agent.segment}</c>).</summary>
    public string AgentSegment { get; init; } = "";

    /// <summary><c>?near=</c>: sort near this node; overrides the query's own Near. "" = use the query's.</summary>
    public string Near { get; init; } = "";

    /// <summary><c>?limit=</c>; 0 = no limit.</summary>
    public int Limit { get; init; }

    /// <summary><c>?connect=true</c>: answer Connect-capable endpoints.</summary>
    public bool Connect { get; init; }
}
