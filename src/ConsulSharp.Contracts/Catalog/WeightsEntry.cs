namespace ConsulSharp.Contracts.Catalog;

/// <summary>DNS SRV weights of an instance (Consul <c>Weights</c>).</summary>
public sealed record WeightsEntry
{
    public int Passing { get; init; } = 1;

    public int Warning { get; init; } = 1;
}
