namespace ConsulSharp.Server.PreparedQueries;

/// <summary>Consul <c>QueryDNSOptions</c>: the TTL (a Go duration) of answers served over DNS; "" = the agent's default.</summary>
public sealed record QueryDnsOptions
{
    public string Ttl { get; init; } = "";
}
