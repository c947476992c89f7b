using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>Creates or replaces policies (<see cref="MessageType.AclPolicySet"/>); names must stay unique.</summary>
public sealed record AclPolicySetCommand
{
    public required IReadOnlyList<AclPolicy> Policies { get; init; }
}
