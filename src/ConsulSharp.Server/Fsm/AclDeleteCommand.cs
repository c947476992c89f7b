namespace ConsulSharp.Server.Fsm;

/// <summary>Deletes ACL rows by ID (tokens by AccessorID): the payload of <see cref="MessageType.AclTokenDelete"/>,
/// <see cref="MessageType.AclPolicyDelete"/> and <see cref="MessageType.AclRoleDelete"/>. Missing IDs are ignored.</summary>
public sealed record AclDeleteCommand
{
    public required IReadOnlyList<string> Ids { get; init; }
}
