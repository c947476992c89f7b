using ConsulSharp.State;

namespace ConsulSharp.Server.PreparedQueries;

/// <summary>Consul <c>PreparedQueryExecuteResponse</c> without the query meta.</summary>
public sealed record ExecuteResult(
    string Service,
    IReadOnlyList<CheckServiceNode> Nodes,
    QueryDnsOptions Dns,
    string Datacenter,
    int Failovers);
