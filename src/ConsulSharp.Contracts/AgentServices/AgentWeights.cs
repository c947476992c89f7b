namespace ConsulSharp.Contracts.AgentServices;

/// <summary>DNS SRV weights of a service (defaults 1/1).</summary>
public sealed record AgentWeights
{
    public int Passing { get; init; } = 1;

    public int Warning { get; init; } = 1;
}
