namespace ConsulSharp.Core.Structs;

/// <summary>A node's coordinate in one network segment ("" is the default segment).</summary>
public sealed record Coordinate
{
    public required string Node { get; init; }

    public string Segment { get; init; } = "";

    public required NetworkCoordinate Coord { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
