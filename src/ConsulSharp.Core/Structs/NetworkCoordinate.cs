namespace ConsulSharp.Core.Structs;

/// <summary>A Vivaldi network coordinate (serf <c>coordinate.Coordinate</c>).</summary>
public sealed record NetworkCoordinate(IReadOnlyList<double> Vec, double Error, double Adjustment, double Height);
