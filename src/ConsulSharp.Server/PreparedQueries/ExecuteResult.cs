using ConsulSharp.State;

namespace ConsulSharp.Server.PreparedQueries;

/// <summary>Consul <c>PreparedQueryExecuteResponse</c> without the query meta.</summary>
public sealed record ExecuteResult(
    string Service,
    IReadOnlyList<CheckServiceNode> Nodes,
    QueryDnsOptions Dns,
    string Datacenter,
    int Failovers)
{
    /// <summary>The query's stored token ("" when it has none): Consul filters the results with it instead of the
    /// caller's token. Never sent on the wire.</summary>
    public string QueryToken { get; init; } = "";
}
