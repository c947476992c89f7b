namespace ConsulSharp.Contracts.Query;

/// <summary>Consul <c>ServiceQuery</c>; nil lists and maps are written as <c>null</c>, as Go does.</summary>
public sealed record ServiceQueryDto
{
    public string? Service { get; init; }

    public QueryFailoverDto? Failover { get; init; }

    public bool OnlyPassing { get; init; }

    public List<string>? IgnoreCheckIDs { get; init; }

    public string? Near { get; init; }

    public List<string>? Tags { get; init; }

    public Dictionary<string, string>? NodeMeta { get; init; }

    public Dictionary<string, string>? ServiceMeta { get; init; }

    public string? Peer { get; init; }

    public QueryConnectDto? Connect { get; init; }
}
