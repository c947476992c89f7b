using System.Net;

namespace ConsulSharp.Gossip.Serf;

/// <summary>A member of the pool as serf reports it. Immutable snapshot.</summary>
public sealed record SerfMember(
    string Name,
    IPAddress Address,
    int Port,
    IReadOnlyDictionary<string, string> Tags,
    MemberStatus Status,
    byte ProtocolMin,
    byte ProtocolMax,
    byte ProtocolCur,
    byte DelegateMin,
    byte DelegateMax,
    byte DelegateCur);
