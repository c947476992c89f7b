using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>Creates or replaces roles (<see cref="MessageType.AclRoleSet"/>); names must stay unique.</summary>
public sealed record AclRoleSetCommand
{
    public required IReadOnlyList<AclRole> Roles { get; init; }
}
