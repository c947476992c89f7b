namespace ConsulSharp.Contracts.Coordinates;

/// <summary>One node's coordinate in one segment (Consul <c>structs.Coordinate</c>), also the body of <c>PUT /v1/coordinate/update</c>.</summary>
public sealed record CoordinateEntry
{
    public string? Node { get; init; }

    public string? Segment { get; init; }

    public CoordDto? Coord { get; init; }
}
