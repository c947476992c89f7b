namespace ConsulSharp.Contracts.Query;

/// <summary>Consul <c>QueryConnect</c>.</summary>
public sealed record QueryConnectDto
{
    public bool Enabled { get; init; }
}
