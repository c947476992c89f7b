namespace ConsulSharp.Contracts.Coordinates;

/// <summary>A Vivaldi coordinate on the wire (serf <c>coordinate.Coordinate</c>); missing fields decode as zero, as Go.</summary>
public sealed record CoordDto
{
    public double[]? Vec { get; init; }

    public double Error { get; init; }

    public double Adjustment { get; init; }

    public double Height { get; init; }
}
