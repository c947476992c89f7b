namespace ConsulSharp.Contracts.Query;

/// <summary>Consul <c>QueryDNSOptions</c>.</summary>
public sealed record QueryDnsDto
{
    public string? TTL { get; init; }
}
