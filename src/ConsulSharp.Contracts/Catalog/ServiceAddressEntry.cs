namespace ConsulSharp.Contracts.Catalog;

/// <summary>One tagged address of a service (Consul <c>ServiceAddress</c>).</summary>
public sealed record ServiceAddressEntry
{
    public string Address { get; init; } = "";

    public int Port { get; init; }
}
