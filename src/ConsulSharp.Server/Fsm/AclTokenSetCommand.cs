using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>Creates or replaces tokens (<see cref="MessageType.AclTokenSet"/>, Consul's <c>ACLTokenBatchSetRequest</c>);
/// links were validated and resolved to IDs by the proposer.</summary>
public sealed record AclTokenSetCommand
{
    public required IReadOnlyList<AclToken> Tokens { get; init; }
}
