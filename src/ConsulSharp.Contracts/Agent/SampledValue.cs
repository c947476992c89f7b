namespace ConsulSharp.Contracts.Agent;

public sealed record SampledValue
{
    public required string Name { get; init; }

    public int Count { get; init; }

    public double Rate { get; init; }

    public double Sum { get; init; }

    public double Min { get; init; }

    public double Max { get; init; }

    public double Mean { get; init; }

    public double Stddev { get; init; }

    public Dictionary<string, string> Labels { get; init; } = [];
}
