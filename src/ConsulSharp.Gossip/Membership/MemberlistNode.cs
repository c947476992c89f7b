using System.Net;

namespace ConsulSharp.Gossip.Membership;

/// <summary>Immutable snapshot of a node as memberlist sees it. <see cref="Vsn"/>: pmin, pmax, pcur, dmin, dmax, dcur.</summary>
internal sealed record MemberlistNode(string Name, IPAddress Address, ushort Port, byte[] Meta, byte[] Vsn, NodeStateKind State, uint Incarnation)
{
    public IPEndPoint EndPoint => new(Address, Port);

    public byte ProtocolMax => Vsn.Length > 1 ? Vsn[1] : (byte)0;
}
