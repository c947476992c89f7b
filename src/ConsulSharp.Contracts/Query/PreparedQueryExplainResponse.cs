namespace ConsulSharp.Contracts.Query;

/// <summary><c>GET /v1/query/:id/explain</c> (Consul <c>PreparedQueryExplainResponse</c>): the rendered query.</summary>
public sealed record PreparedQueryExplainResponse
{
    public required PreparedQueryDto Query { get; init; }

    public ulong Index { get; init; }

    public long LastContact { get; init; }

    public bool KnownLeader { get; init; }

    public string ConsistencyLevel { get; init; } = "";

    public bool NotModified { get; init; }

    public int Backend { get; init; }
}
