namespace ConsulSharp.Contracts.AgentServices;

/// <summary>One tagged address of a service.</summary>
public sealed record ServiceAddressDto
{
    public string Address { get; init; } = "";

    public int Port { get; init; }
}
