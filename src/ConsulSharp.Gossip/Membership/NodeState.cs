using System.Net;

namespace ConsulSharp.Gossip.Membership;

/// <summary>Mutable per-node record owned by <see cref="Memberlist"/>; only touched under its state lock.</summary>
internal sealed class NodeState
{
    public required string Name { get; init; }

    public required IPAddress Address { get; set; }

    public required ushort Port { get; set; }

    public byte[] Meta { get; set; } = [];

    public byte[] Vsn { get; set; } = new byte[6];

    public uint Incarnation { get; set; }

    public NodeStateKind State { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last state change.</summary>
    public long StateChange { get; set; }

    public bool DeadOrLeft => State is NodeStateKind.Dead or NodeStateKind.Left;

    public byte ProtocolMax => Vsn.Length > 1 ? Vsn[1] : (byte)0;

    public IPEndPoint EndPoint => new(Address, Port);

    public MemberlistNode Snapshot() => new(Name, Address, Port, Meta, Vsn, State, Incarnation);
}
