namespace ConsulSharp.Contracts.Agent;

/// <summary>A Vivaldi network coordinate.</summary>
public sealed record Coordinate
{
    public double[] Vec { get; init; } = new double[8];

    public double Error { get; init; } = 1.5;

    public double Adjustment { get; init; }

    public double Height { get; init; } = 1e-5;
}
