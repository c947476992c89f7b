using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>A session write (<see cref="MessageType.Session"/>): create (ID chosen by the proposer) or destroy.</summary>
public sealed record SessionCommand
{
    public required string Op { get; init; }

    public required Session Session { get; init; }
}
