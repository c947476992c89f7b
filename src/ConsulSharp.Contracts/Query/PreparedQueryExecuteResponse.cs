using ConsulSharp.Contracts.Health;

namespace ConsulSharp.Contracts.Query;

/// <summary>
/// <c>GET /v1/query/:id/execute</c> (Consul <c>PreparedQueryExecuteResponse</c>, whose embedded <c>QueryMeta</c> fields
/// Go's encoder writes at the top level).
/// </summary>
public sealed record PreparedQueryExecuteResponse
{
    public required string Service { get; init; }

    public required List<CheckServiceNodeEntry> Nodes { get; init; }

    public required QueryDnsDto DNS { get; init; }

    public required string Datacenter { get; init; }

    public int Failovers { get; init; }

    public ulong Index { get; init; }

    public long LastContact { get; init; }

    public bool KnownLeader { get; init; }

    public string ConsistencyLevel { get; init; } = "";

    public bool NotModified { get; init; }

    public int Backend { get; init; }
}
