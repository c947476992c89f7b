namespace ConsulSharp.Contracts.Query;

/// <summary>A prepared query as <c>/v1/query</c> reads and writes it (Consul <c>structs.PreparedQuery</c>).</summary>
public sealed record PreparedQueryDto
{
    public string? ID { get; init; }

    public string? Name { get; init; }

    public string? Session { get; init; }

    public string? Token { get; init; }

    public QueryTemplateDto? Template { get; init; }

    public ServiceQueryDto? Service { get; init; }

    public QueryDnsDto? DNS { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
