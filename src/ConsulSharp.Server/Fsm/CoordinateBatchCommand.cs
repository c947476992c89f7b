using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>A batch of node coordinate updates (<see cref="MessageType.CoordinateBatchUpdate"/>); unknown nodes are skipped.</summary>
public sealed record CoordinateBatchCommand
{
    public required IReadOnlyList<Coordinate> Updates { get; init; }
}
