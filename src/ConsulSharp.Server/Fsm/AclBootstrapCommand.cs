using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>The ACL bootstrap (<see cref="MessageType.AclBootstrap"/>, Consul's <c>ACLTokenBootstrapRequest</c>): the
/// management token, and the reset index that allows a second bootstrap (0 = first bootstrap only).</summary>
public sealed record AclBootstrapCommand
{
    public required AclToken Token { get; init; }

    public ulong ResetIndex { get; init; }
}
