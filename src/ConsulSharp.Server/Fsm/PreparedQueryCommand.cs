using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>
/// A prepared query write (<see cref="MessageType.PreparedQuery"/>): <c>create</c>/<c>update</c> store the row (ID chosen
/// by the proposer), <c>delete</c> removes it by ID. Integrity checks (names, session, template) run at apply time.
/// </summary>
public sealed record PreparedQueryCommand
{
    public required string Op { get; init; }

    public required PreparedQuery Query { get; init; }
}
